/**
 * Quality harness: turns the labelled fixtures of fixtures/labels/eval-manifest.json and the
 * unseen documents of fixtures/labels/unseen.json (sets `dev` and `test`) into eval projects on
 * a Jobs API server (extract projects, one per schema and set; a classify project; a split
 * project), runs `/v1/evals/{extract,classify,split}/process` over them as jobs, and prints the
 * figures: extraction precision, recall and accuracy per set and per field with the confusion
 * of wrong answers against nulls, classification accuracy and confusion, split page accuracy.
 * The scoring is the server's — the evals library of this package — so there is one way to
 * score extraction. It prints figures and exits 0 unless it crashes: it is a benchmark, not a
 * gate.
 * Run: `npm run eval` (in this package) or `npm run eval:documents` (at the root). Options:
 * `EVAL_MODEL` (default retab-small), `EVAL_BASE_URL` + `EVAL_API_KEY` (use a running server),
 * `EVAL_SETS` (comma-separated subset of `fixtures,dev,test`). For tuning, `scripts/eval-direct.ts`
 * scores the same sets in-process with the same library, with OCR results cached.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ClassifyEval, ExtractEval, Project, ProjectDocument, SplitEval } from '@jobs-api/api-types';
import { mimeTypeFromFilename, sniffMimeType } from '../src/index.js';
import { localFixturesDir } from '../test/helpers/fixtures.js';
import { printExtractionTables, type ScoredField } from './eval-report.js';
import { callApi, runJob, startEvalServer, type EvalServer } from './eval-server.js';
import { type ExtractTask, extractTasks, fixturePath, type Json, selectedSets } from './eval-tasks.js';

type Named = { name: string; description: string };
interface Manifest {
  extract: Array<{ document: string; schema: string | Record<string, unknown>; expected: string | Record<string, Json> }>;
  classify: { categories: Named[]; documents: Array<{ document: string; expected: string; first_n_pages?: number }> };
  split: Array<{ document: string; subdocuments: Named[]; expected: Array<{ name: string; pages: number[] }> }>;
}

function documentOf(reference: string): { filename: string; url: string } {
  const bytes = fs.readFileSync(fixturePath(reference));
  const filename = path.basename(fixturePath(reference));
  const mimeType = mimeTypeFromFilename(filename) ?? sniffMimeType(bytes) ?? 'application/octet-stream';
  return { filename, url: `data:${mimeType};base64,${bytes.toString('base64')}` };
}

/** A project of labelled fixtures; `references` maps its document ids back to manifest names. */
interface EvalProject {
  project: Project;
  set: string;
  references: Map<string, string>;
}

async function createProject(
  server: EvalServer,
  set: string,
  body: Record<string, unknown>,
  documents: Array<{ reference: string; groundTruth: unknown }>,
): Promise<EvalProject> {
  const project = await callApi<Project>(server, 'POST', '/v1/projects', body);
  const references = new Map<string, string>();
  for (const { reference, groundTruth } of documents) {
    const added = await callApi<ProjectDocument>(server, 'POST', `/v1/projects/${project.id}/documents`, {
      document: documentOf(reference),
      ground_truth: groundTruth,
    });
    references.set(added.id, reference);
  }
  return { project, set, references };
}

/** One extract project per set and distinct schema (a project has one schema), in task order. */
function extractProjects(server: EvalServer, tasks: ExtractTask[]): Promise<EvalProject[]> {
  const groups = new Map<string, ExtractTask[]>();
  for (const task of tasks) {
    const key = `${task.set}\u0000${JSON.stringify(task.schema)}`;
    groups.set(key, [...(groups.get(key) ?? []), task]);
  }
  return Promise.all(
    [...groups.values()].map((group) =>
      createProject(
        server,
        group[0]!.set,
        { name: group[0]!.schemaName, kind: 'extract', json_schema: group[0]!.schema },
        group.map((task) => ({ reference: task.document, groundTruth: task.expected })),
      ),
    ),
  );
}

function printExtraction(model: string, runs: Array<{ project: EvalProject; result: ExtractEval }>): void {
  console.log(`Extraction (${model}, /v1/evals/extract/process)`);
  const fields: ScoredField[] = [];
  const failures: Array<{ set: string; document: string; message: string }> = [];
  for (const { project, result } of runs) {
    for (const document of result.documents) {
      const reference = project.references.get(document.document_id)!;
      if (document.error) {
        failures.push({ set: project.set, document: reference, message: `${document.error.code} ${document.error.message}` });
        continue;
      }
      for (const [fieldPath, field] of Object.entries(document.fields)) {
        // Array items pool into one row per column, as the metrics' per_field does; the
        // fixtures' schemas differ, so their fields are named with their document.
        const pooled = fieldPath.replace(/\.\d+(?=\.|$)/g, '.*');
        const name = project.set === 'fixtures' ? `${reference.split(':')[1]} ${pooled}` : pooled;
        fields.push({ set: project.set, document: reference, field: name, expected: field.expected, got: field.got, match: field.match });
      }
    }
  }
  printExtractionTables(fields, failures);
  console.log('');
  for (const { project, result } of runs) {
    const { accuracy, document_count, failed_count } = result.metrics;
    console.log(
      `  project "${project.project.name}" [${project.set}]: metrics.accuracy ${accuracy.toFixed(3)} over ${document_count} documents (${failed_count ?? 0} failed)`,
    );
  }
}

const ratio = (a: number, b: number): string => (b === 0 ? '   -  ' : (a / b).toFixed(3).padStart(6));

function printClassification(project: EvalProject, result: ClassifyEval): void {
  console.log('\nClassification (/v1/evals/classify/process)');
  for (const document of result.documents) {
    const reference = project.references.get(document.document_id)!;
    const answer = document.error ? `failed: ${document.error.code}` : `got ${document.predicted}${document.match ? '' : '  <-- wrong'}`;
    console.log(`  ${reference.padEnd(40)} expected ${document.expected.padEnd(22)} ${answer}`);
  }
  const evaluated = result.metrics.document_count - (result.metrics.failed_count ?? 0);
  const right = result.documents.filter((document) => document.match).length;
  console.log(`  accuracy ${ratio(result.metrics.accuracy, 1)} (${right}/${evaluated}); confusion ${JSON.stringify(result.metrics.confusion)}`);
}

function printSplit(project: EvalProject, result: SplitEval): void {
  console.log('\nSplit (/v1/evals/split/process)');
  for (const document of result.documents) {
    const reference = project.references.get(document.document_id)!;
    if (document.error) {
      console.log(`  ${reference.padEnd(40)} failed: ${document.error.code} ${document.error.message}`);
      continue;
    }
    const pages = document.expected.reduce((sum, part) => sum + part.pages.length, 0);
    const right = Math.round((document.page_accuracy ?? 0) * pages);
    console.log(`  ${reference.padEnd(40)} page accuracy ${ratio(right, pages)} (${right}/${pages}), exact match ${document.exact_match ? 'yes' : 'no'}`);
  }
  console.log(`  page accuracy ${ratio(result.metrics.page_accuracy, 1)}, exact match rate ${ratio(result.metrics.exact_match_rate, 1)}`);
}

const manifest = JSON.parse(fs.readFileSync(path.join(localFixturesDir, 'labels/eval-manifest.json'), 'utf8')) as Manifest;
const model = process.env.EVAL_MODEL ?? 'retab-small';
const sets = selectedSets();
const withFixtures = sets.includes('fixtures');
const started = performance.now();
const server = await startEvalServer();
try {
  const [extracts, classify, splits] = await Promise.all([
    extractProjects(server, extractTasks(manifest.extract, sets)),
    withFixtures
      ? createProject(
          server,
          'fixtures',
          { name: 'classify fixtures', kind: 'classify', categories: manifest.classify.categories },
          manifest.classify.documents.map((item) => ({ reference: item.document, groundTruth: item.expected })),
        )
      : undefined,
    // One split project per set of subdocuments (the manifest has one).
    Promise.all(
      (withFixtures ? manifest.split : []).map((task) =>
        createProject(server, 'fixtures', { name: `split ${task.document}`, kind: 'split', subdocuments: task.subdocuments }, [
          { reference: task.document, groundTruth: task.expected },
        ]),
      ),
    ),
  ]);
  // Every eval is submitted at once; the server's worker runs them side by side.
  const [extractResults, classifyResult, splitResults] = await Promise.all([
    Promise.all(extracts.map((project) => runJob<ExtractEval>(server, '/v1/evals/extract/process', { project_id: project.project.id, model }))),
    classify ? runJob<ClassifyEval>(server, '/v1/evals/classify/process', { project_id: classify.project.id, model }) : undefined,
    Promise.all(splits.map((project) => runJob<SplitEval>(server, '/v1/evals/split/process', { project_id: project.project.id, model }))),
  ]);
  printExtraction(
    model,
    extracts.map((project, index) => ({ project, result: extractResults[index]! })),
  );
  if (classify && classifyResult) printClassification(classify, classifyResult);
  splits.forEach((project, index) => printSplit(project, splitResults[index]!));
  console.log(`\neval finished in ${((performance.now() - started) / 1000).toFixed(1)} s (server: ${server.baseUrl})`);
} finally {
  await server.stop();
}

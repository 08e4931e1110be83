/**
 * Quality harness: turns the labelled fixtures of fixtures/labels/eval-manifest.json into eval
 * projects on a Jobs API server (extract projects, one per schema; a classify project; a split
 * project), runs `/v1/evals/{extract,classify,split}/process` over them as jobs, and prints the
 * figures: per-document and per-field extraction scores, classification accuracy and confusion,
 * split page accuracy. The scoring is the server's — the evals library of this package — so
 * there is one way to score extraction. It prints figures and exits 0 unless it crashes: it is a
 * benchmark, not a gate.
 * Run: `npm run eval` (in this package) or `npm run eval:documents` (at the root). Options:
 * `EVAL_MODEL` (default retab-small), `EVAL_BASE_URL` + `EVAL_API_KEY` (use a running server).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ClassifyEval, ExtractEval, Project, ProjectDocument, SplitEval } from '@jobs-api/api-types';
import { mimeTypeFromFilename, sniffMimeType } from '../src/index.js';
import { localFixturesDir, realFixturesDir } from '../test/helpers/fixtures.js';
import { callApi, runJob, startEvalServer, type EvalServer } from './eval-server.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Named = { name: string; description: string };
interface Manifest {
  extract: Array<{ document: string; schema: string | Record<string, unknown>; expected: string | Record<string, Json> }>;
  classify: { categories: Named[]; documents: Array<{ document: string; expected: string; first_n_pages?: number }> };
  split: Array<{ document: string; subdocuments: Named[]; expected: Array<{ name: string; pages: number[] }> }>;
}

function fixturePath(reference: string): string {
  const [origin, name] = reference.split(':') as [string, string];
  return path.join(origin === 'real' ? realFixturesDir() : localFixturesDir, name);
}

function readJson<T>(reference: string | T): T {
  return typeof reference === 'string' ? (JSON.parse(fs.readFileSync(fixturePath(reference), 'utf8')) as T) : reference;
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
  references: Map<string, string>;
}

async function createProject(server: EvalServer, body: Record<string, unknown>, documents: Array<{ reference: string; groundTruth: unknown }>): Promise<EvalProject> {
  const project = await callApi<Project>(server, 'POST', '/v1/projects', body);
  const references = new Map<string, string>();
  for (const { reference, groundTruth } of documents) {
    const added = await callApi<ProjectDocument>(server, 'POST', `/v1/projects/${project.id}/documents`, { document: documentOf(reference), ground_truth: groundTruth });
    references.set(added.id, reference);
  }
  return { project, references };
}

/** One extract project per distinct schema (a project has one schema), in manifest order. */
function extractProjects(server: EvalServer, manifest: Manifest): Promise<EvalProject[]> {
  const bySchema = new Map<string, Manifest['extract']>();
  for (const task of manifest.extract) {
    const key = JSON.stringify(task.schema);
    bySchema.set(key, [...(bySchema.get(key) ?? []), task]);
  }
  return Promise.all(
    [...bySchema.values()].map((tasks) => {
      const schema = tasks[0]!.schema;
      const name = typeof schema === 'string' ? schema : `schema of ${tasks[0]!.document}`;
      return createProject(
        server,
        { name, kind: 'extract', json_schema: readJson<Record<string, unknown>>(schema) },
        tasks.map((task) => ({ reference: task.document, groundTruth: readJson<Record<string, Json>>(task.expected) })),
      );
    }),
  );
}

const ratio = (a: number, b: number): string => (b === 0 ? '   -  ' : (a / b).toFixed(3).padStart(6));

interface FieldTally {
  tp: number;
  fp: number;
  fn: number;
  correct: number;
  total: number;
}

function printExtraction(model: string, runs: Array<{ project: EvalProject; result: ExtractEval }>): void {
  console.log(`Extraction (${model}, /v1/evals/extract/process)`);
  const tallies = new Map<string, FieldTally>();
  let documents = 0;
  let fullyCorrect = 0;
  for (const { project, result } of runs) {
    for (const document of result.documents) {
      const reference = project.references.get(document.document_id)!;
      documents += 1;
      if (document.error) {
        console.log(`  ${reference.padEnd(40)} failed: ${document.error.code} ${document.error.message}`);
        continue;
      }
      const fields = Object.entries(document.fields);
      const correct = fields.filter(([, field]) => field.match).length;
      if (correct === fields.length) fullyCorrect += 1;
      console.log(`  ${reference.padEnd(40)} ${correct}/${fields.length} fields correct`);
      for (const [fieldPath, field] of fields) {
        // Array items pool into one row per column, as the metrics' per_field does.
        const key = `${reference.split(':')[1]} ${fieldPath.replace(/\.\d+(?=\.|$)/g, '[]')}`;
        const tally = tallies.get(key) ?? { tp: 0, fp: 0, fn: 0, correct: 0, total: 0 };
        const found = field.got !== null;
        tally.total += 1;
        if (field.match) tally.correct += 1;
        if (found && field.match) tally.tp += 1;
        if (found && !field.match) tally.fp += 1;
        if (field.expected !== null && !field.match) tally.fn += 1;
        tallies.set(key, tally);
      }
    }
  }
  console.log('\nPer field (precision = correct found values / found values; recall = correct found values / labelled values)');
  console.log(`  ${'document field'.padEnd(70)} precision recall  accuracy`);
  const all: FieldTally = { tp: 0, fp: 0, fn: 0, correct: 0, total: 0 };
  for (const [field, tally] of tallies) {
    console.log(`  ${field.padEnd(70)} ${ratio(tally.tp, tally.tp + tally.fp)}   ${ratio(tally.tp, tally.tp + tally.fn)}  ${ratio(tally.correct, tally.total)}`);
    for (const key of Object.keys(all) as Array<keyof FieldTally>) all[key] += tally[key];
  }
  console.log(
    `\n  overall: precision ${ratio(all.tp, all.tp + all.fp)}, recall ${ratio(all.tp, all.tp + all.fn)}, field accuracy ${ratio(all.correct, all.total)} (${all.correct}/${all.total} labelled fields), documents fully correct ${fullyCorrect}/${documents}`,
  );
  for (const { project, result } of runs) {
    const { accuracy, document_count, failed_count } = result.metrics;
    console.log(`  project "${project.project.name}": metrics.accuracy ${ratio(accuracy, 1)} over ${document_count} documents (${failed_count ?? 0} failed)`);
  }
}

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
const started = performance.now();
const server = await startEvalServer();
try {
  const [extracts, classify, splits] = await Promise.all([
    extractProjects(server, manifest),
    createProject(
      server,
      { name: 'classify fixtures', kind: 'classify', categories: manifest.classify.categories },
      manifest.classify.documents.map((item) => ({ reference: item.document, groundTruth: item.expected })),
    ),
    // One split project per set of subdocuments (the manifest has one).
    Promise.all(
      manifest.split.map((task) =>
        createProject(server, { name: `split ${task.document}`, kind: 'split', subdocuments: task.subdocuments }, [{ reference: task.document, groundTruth: task.expected }]),
      ),
    ),
  ]);
  // Every eval is submitted at once; the server's worker runs them side by side.
  const [extractResults, classifyResult, splitResults] = await Promise.all([
    Promise.all(extracts.map((project) => runJob<ExtractEval>(server, '/v1/evals/extract/process', { project_id: project.project.id, model }))),
    runJob<ClassifyEval>(server, '/v1/evals/classify/process', { project_id: classify.project.id, model }),
    Promise.all(splits.map((project) => runJob<SplitEval>(server, '/v1/evals/split/process', { project_id: project.project.id, model }))),
  ]);
  printExtraction(
    model,
    extracts.map((project, index) => ({ project, result: extractResults[index]! })),
  );
  printClassification(classify, classifyResult);
  splits.forEach((project, index) => printSplit(project, splitResults[index]!));
  console.log(`\neval finished in ${((performance.now() - started) / 1000).toFixed(1)} s (server: ${server.baseUrl})`);
} finally {
  await server.stop();
}

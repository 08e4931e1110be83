/**
 * The extraction part of the quality harness, in-process, for tuning: the same tasks and sets
 * as `npm run eval`, extracted by the local engine's path (parse, extract, vote, schema check)
 * and scored by the same library (`compareExtraction` of `src/evals/`), with OCR word boxes
 * cached on disk (scripts/eval-ocr-cache.ts) so a run after the first takes seconds.
 * The figures to report come from `npm run eval`; this one is for iterating.
 * Run: `tsx scripts/eval-direct.ts` (options: `EVAL_SETS`, `EVAL_DOCUMENT` = a file name to run alone,
 * `EVAL_TEXT=1` prints the parsed pages, `EVAL_LINES=1` the engine's lines with
 * their OCR confidences (mean/least word), `EVAL_VERBOSE=1` the answers with their likelihoods).
 */
import fs from 'node:fs';
import path from 'node:path';
import { compareExtraction } from '../src/evals/index.js';
import { DEFAULT_DPI } from '../src/engine.js';
import { enforceSchema } from '../src/extraction-result.js';
import { mimeTypeFromFilename, sniffMimeType } from '../src/input/mime.js';
import { documentLines } from '../src/local/document-lines.js';
import { runLocalExtraction } from '../src/local/run.js';
import { parseDocument } from '../src/parse/index.js';
import { renderPage } from '../src/parse/parsed-document.js';
import { localFixturesDir } from '../test/helpers/fixtures.js';
import { createCachedOcrPool } from './eval-ocr-cache.js';
import { printExtractionTables, type ScoredField } from './eval-report.js';
import { extractTasks, fixturePath, selectedSets } from './eval-tasks.js';

const manifest = JSON.parse(fs.readFileSync(path.join(localFixturesDir, 'labels/eval-manifest.json'), 'utf8'));
const only = process.env.EVAL_DOCUMENT;
const tasks = extractTasks(manifest.extract, selectedSets()).filter((task) => !only || task.document.endsWith(only));
const ocr = createCachedOcrPool();
const started = performance.now();
const fields: ScoredField[] = [];
const failures: Array<{ set: string; document: string; message: string }> = [];
try {
  for (const task of tasks) {
    const file = fixturePath(task.document);
    const bytes = new Uint8Array(fs.readFileSync(file));
    const filename = path.basename(file);
    try {
      const mimeType = mimeTypeFromFilename(filename) ?? sniffMimeType(bytes) ?? 'application/octet-stream';
      const document = await parseDocument({ filename, mimeType, bytes }, { ocr, dpi: DEFAULT_DPI, signal: new AbortController().signal });
      if (process.env.EVAL_TEXT)
        document.pages.forEach((page, index) => console.log(`===== ${task.document} page ${index + 1}\n${renderPage(page, 'markdown')}`));
      if (process.env.EVAL_LINES)
        for (const line of documentLines(document))
          console.log(
            `${String(line.index).padStart(3)} ${line.fromTable ? 'T' : ' '} h${(line.height ?? 0).toFixed(0).padStart(3)}/${(line.pageMedianHeight ?? 0).toFixed(0)} ` +
              line.parts.map((part) => `[${part.text}]${part.confidence.toFixed(2)}/${part.minConfidence.toFixed(2)}`).join(' '),
          );
      const { parsed, likelihoods } = runLocalExtraction(document, task.schema, 1);
      enforceSchema(parsed, likelihoods, task.schema);
      if (process.env.EVAL_VERBOSE) console.log(task.document, JSON.stringify(parsed), JSON.stringify(likelihoods));
      const score = compareExtraction(task.expected, parsed, { schema: task.schema });
      for (const leaf of score.leaves) {
        const name = task.set === 'fixtures' ? `${filename} ${leaf.field}` : leaf.field;
        fields.push({ set: task.set, document: task.document, field: name, expected: leaf.expected, got: leaf.got, match: leaf.match });
      }
    } catch (error) {
      failures.push({ set: task.set, document: task.document, message: error instanceof Error ? error.message : String(error) });
    }
  }
} finally {
  await ocr.close();
}
console.log('Extraction (local engine, in-process, compareExtraction)');
printExtractionTables(fields, failures);
console.log(`\nfinished in ${((performance.now() - started) / 1000).toFixed(1)} s (OCR cache: ${ocr.hits} hits, ${ocr.misses} misses)`);

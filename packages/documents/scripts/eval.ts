/**
 * Quality harness: runs the local engine over the labelled fixtures listed in
 * fixtures/labels/eval-manifest.json and prints per-field precision/recall, overall field
 * accuracy, classification accuracy and split page accuracy. It prints figures and
 * always exits 0 unless it crashes: it is a benchmark, not a gate.
 * Run: `npm run eval` (in this package) or `npm run eval:documents` (at the root).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createDocumentEngine, mimeTypeFromFilename, sniffMimeType } from '../src/index.js';
import { localFixturesDir, sharedFixturesDir } from '../test/helpers/fixtures.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface ExtractTask {
  document: string;
  schema: string | Record<string, unknown>;
  expected: string | Record<string, Json>;
}
interface Manifest {
  extract: ExtractTask[];
  classify: { categories: Array<{ name: string; description: string }>; documents: Array<{ document: string; expected: string; first_n_pages?: number }> };
  split: Array<{ document: string; subdocuments: Array<{ name: string; description: string }>; expected: Array<{ name: string; pages: number[] }> }>;
}

function fixturePath(reference: string): string {
  const [origin, name] = reference.split(':') as [string, string];
  return path.join(origin === 'shared' ? sharedFixturesDir() : localFixturesDir, name);
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

/** Leaves keyed by path; array indices become [] so line items pool into one field per column. */
function leaves(value: Json | undefined, prefix: string, into: Map<string, Json[]>): Map<string, Json[]> {
  if (Array.isArray(value)) value.forEach((item, index) => leaves(item, `${prefix}[${index}]`, into));
  else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) leaves(item, prefix ? `${prefix}.${key}` : key, into);
  else into.set(prefix, [...(into.get(prefix) ?? []), value ?? null]);
  return into;
}

function same(expected: Json, got: Json): boolean {
  if (typeof expected === 'number' && typeof got === 'number') return Math.abs(expected - got) < 0.005;
  if (typeof expected === 'string' && typeof got === 'string') {
    const fold = (text: string): string => text.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
    return fold(expected) === fold(got);
  }
  return expected === got;
}

interface FieldTally {
  tp: number;
  fp: number;
  fn: number;
  correct: number;
  total: number;
}

const tallies = new Map<string, FieldTally>();
function tally(field: string, expected: Json, got: Json): boolean {
  const entry = tallies.get(field) ?? { tp: 0, fp: 0, fn: 0, correct: 0, total: 0 };
  const match = expected === null ? got === null : got !== null && same(expected, got);
  entry.total += 1;
  if (match) entry.correct += 1;
  if (got !== null && match) entry.tp += 1;
  if (got !== null && !match) entry.fp += 1;
  if (expected !== null && !match) entry.fn += 1;
  tallies.set(field, entry);
  return match;
}

const ratio = (a: number, b: number): string => (b === 0 ? '   -  ' : (a / b).toFixed(3).padStart(6));
const manifest = JSON.parse(fs.readFileSync(path.join(localFixturesDir, 'labels/eval-manifest.json'), 'utf8')) as Manifest;
const engine = createDocumentEngine();
const signal = new AbortController().signal;
const started = performance.now();

try {
  console.log('Extraction (local engine, retab-small)');
  let documentsCorrect = 0;
  for (const task of manifest.extract) {
    const schema = readJson<Record<string, unknown>>(task.schema);
    const expected = readJson<Record<string, Json>>(task.expected);
    const result = await engine.extract({ document: documentOf(task.document), json_schema: schema }, { signal });
    const got = result.choices[0]!.message.parsed as Record<string, Json>;
    const expectedLeaves = leaves(expected, '', new Map());
    const gotLeaves = leaves(got, '', new Map());
    let correct = 0;
    let total = 0;
    for (const [field, values] of expectedLeaves) {
      // Compare only the labelled fields; line items compare index by index.
      const base = field.replace(/\[\d+\]/g, '[]');
      values.forEach((value, index) => {
        total += 1;
        if (tally(`${task.document.split(':')[1]} ${base}`, value, gotLeaves.get(field)?.[index] ?? null)) correct += 1;
      });
    }
    if (correct === total) documentsCorrect += 1;
    console.log(`  ${task.document.padEnd(40)} ${correct}/${total} fields correct`);
  }

  console.log('\nPer field (precision = correct found values / found values; recall = correct found values / labelled values)');
  console.log(`  ${'document field'.padEnd(70)} precision recall  accuracy`);
  const pooled = new Map<string, FieldTally>();
  for (const [field, entry] of tallies) {
    console.log(`  ${field.padEnd(70)} ${ratio(entry.tp, entry.tp + entry.fp)}   ${ratio(entry.tp, entry.tp + entry.fn)}  ${ratio(entry.correct, entry.total)}`);
    const sum = pooled.get('all') ?? { tp: 0, fp: 0, fn: 0, correct: 0, total: 0 };
    pooled.set('all', { tp: sum.tp + entry.tp, fp: sum.fp + entry.fp, fn: sum.fn + entry.fn, correct: sum.correct + entry.correct, total: sum.total + entry.total });
  }
  const all = pooled.get('all')!;
  console.log(`\n  overall: precision ${ratio(all.tp, all.tp + all.fp)}, recall ${ratio(all.tp, all.tp + all.fn)}, field accuracy ${ratio(all.correct, all.total)} (${all.correct}/${all.total} labelled fields), documents fully correct ${documentsCorrect}/${manifest.extract.length}`);

  console.log('\nClassification');
  let classifiedRight = 0;
  for (const item of manifest.classify.documents) {
    const result = await engine.classify(
      { document: documentOf(item.document), categories: manifest.classify.categories, ...(item.first_n_pages ? { first_n_pages: item.first_n_pages } : {}) },
      { signal },
    );
    const right = result.result.classification === item.expected;
    if (right) classifiedRight += 1;
    console.log(`  ${item.document.padEnd(40)} expected ${item.expected.padEnd(22)} got ${result.result.classification}${right ? '' : '  <-- wrong'}`);
  }
  console.log(`  accuracy ${ratio(classifiedRight, manifest.classify.documents.length)} (${classifiedRight}/${manifest.classify.documents.length})`);

  console.log('\nSplit');
  for (const task of manifest.split) {
    const result = await engine.split({ document: documentOf(task.document), subdocuments: task.subdocuments }, { signal });
    const pageLabel = (splits: Array<{ name: string; pages: number[] }>): Map<number, string> =>
      new Map(splits.flatMap((split) => split.pages.map((page) => [page, split.name] as const)));
    const expected = pageLabel(task.expected);
    const got = pageLabel(result.splits);
    const right = [...expected].filter(([page, name]) => got.get(page) === name).length;
    const exact = JSON.stringify(result.splits) === JSON.stringify(task.expected);
    console.log(`  ${task.document.padEnd(40)} page accuracy ${ratio(right, expected.size)} (${right}/${expected.size}), exact match ${exact ? 'yes' : 'no'}`);
  }
  console.log(`\neval finished in ${((performance.now() - started) / 1000).toFixed(1)} s`);
} finally {
  await engine.close();
}

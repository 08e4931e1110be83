/**
 * The labelled extraction tasks of the quality harness, in sets: `fixtures` (the manifest's
 * extract tasks, fixtures/labels/eval-manifest.json), and `dev`/`test` (the unseen documents
 * of fixtures/unseen, labels and split in fixtures/labels/unseen.json).
 */
import fs from 'node:fs';
import path from 'node:path';
import { localFixturesDir, realFixturesDir } from '../test/helpers/fixtures.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** One document to extract with a schema, and what it should give. */
export interface ExtractTask {
  set: string;
  /** `real:<file>`, `local:<file>` or `unseen:<file>`. */
  document: string;
  schema: Record<string, unknown>;
  /** A name for the schema (projects group tasks by schema). */
  schemaName: string;
  expected: Record<string, Json>;
}

export const SETS = ['fixtures', 'dev', 'test'] as const;

/** Path of a fixture reference (`real:`, `local:`, `unseen:`, `labels:`). */
export function fixturePath(reference: string): string {
  const [origin, name] = reference.split(':') as [string, string];
  const dir =
    origin === 'real'
      ? realFixturesDir()
      : origin === 'unseen'
        ? path.join(localFixturesDir, 'unseen')
        : origin === 'labels'
          ? path.join(localFixturesDir, 'labels')
          : localFixturesDir;
  return path.join(dir, name);
}

export function readJson<T>(reference: string | T): T {
  return typeof reference === 'string' ? (JSON.parse(fs.readFileSync(fixturePath(reference), 'utf8')) as T) : reference;
}

interface ManifestExtract {
  document: string;
  schema: string | Record<string, unknown>;
  expected: string | Record<string, Json>;
}

interface UnseenLabels {
  schema: string;
  split: { dev: string[]; test: string[] };
  documents: Record<string, Record<string, Json>>;
}

/** Every extract task of the wanted sets, in manifest order, then dev, then test. */
export function extractTasks(manifestExtract: ManifestExtract[], sets: readonly string[]): ExtractTask[] {
  const tasks: ExtractTask[] = [];
  if (sets.includes('fixtures')) {
    for (const task of manifestExtract) {
      tasks.push({
        set: 'fixtures',
        document: task.document,
        schema: readJson<Record<string, unknown>>(task.schema),
        schemaName: typeof task.schema === 'string' ? task.schema : `schema of ${task.document}`,
        expected: readJson<Record<string, Json>>(task.expected),
      });
    }
  }
  const unseen = readJson<UnseenLabels>('labels:unseen.json');
  const schema = readJson<Record<string, unknown>>(unseen.schema);
  for (const set of ['dev', 'test'] as const) {
    if (!sets.includes(set)) continue;
    for (const file of unseen.split[set]) {
      tasks.push({ set, document: `unseen:${file}`, schema, schemaName: `${unseen.schema} (${set})`, expected: unseen.documents[file]! });
    }
  }
  return tasks;
}

/** The sets named by `EVAL_SETS` (default: all). */
export function selectedSets(): string[] {
  const wanted = (process.env.EVAL_SETS ?? SETS.join(','))
    .split(',')
    .map((set) => set.trim())
    .filter(Boolean);
  for (const set of wanted) if (!(SETS as readonly string[]).includes(set)) throw new Error(`EVAL_SETS: unknown set "${set}" (known: ${SETS.join(', ')})`);
  return wanted;
}

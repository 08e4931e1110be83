/**
 * How the unseen documents were split into `dev` (tune on it) and `test` (only measure): a
 * seeded shuffle within each kind of document (receipt, invoice, medical bill), the first
 * half of each kind (rounded up) to `dev`. Run once, before any tuning; its output is
 * recorded in fixtures/labels/unseen.json (`split`). Re-running prints the same split, so
 * the record can be checked: `tsx scripts/eval-split-unseen.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SEED = 19;
const unseenDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/unseen');

/** mulberry32: a tiny seeded generator, so the split does not depend on Math.random. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function kindOf(file: string): 'receipt' | 'invoice' | 'medical_bill' {
  if (file.startsWith('medical_bill')) return 'medical_bill';
  if (file.startsWith('invoice')) return 'invoice';
  return 'receipt';
}

export function splitUnseen(files: string[]): { dev: string[]; test: string[] } {
  const random = seededRandom(SEED);
  const dev: string[] = [];
  const test: string[] = [];
  for (const kind of ['receipt', 'invoice', 'medical_bill'] as const) {
    const group = files.filter((file) => kindOf(file) === kind).sort();
    // Fisher-Yates with the seeded generator.
    for (let i = group.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [group[i], group[j]] = [group[j]!, group[i]!];
    }
    const half = Math.ceil(group.length / 2);
    dev.push(...group.slice(0, half));
    test.push(...group.slice(half));
  }
  return { dev: dev.sort(), test: test.sort() };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const files = fs.readdirSync(unseenDir).filter((file) => !file.endsWith('.md'));
  console.log(JSON.stringify(splitUnseen(files), null, 2));
}

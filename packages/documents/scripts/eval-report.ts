/**
 * The extraction tables of the quality harness: per set (the existing fixtures, the unseen
 * `dev` and `test` documents), per field, and the confusion of wrong answers against nulls.
 * It only counts: whether a field matched is decided by the evals library (`src/evals/`),
 * through the server's `/v1/evals/extract/process` or, in direct mode, `compareExtraction`.
 */

/** One scored field of one document, as the evals library compared it. */
export interface ScoredField {
  set: string;
  document: string;
  /** Path with array items pooled: `line_items.*.amount`. */
  field: string;
  expected: unknown;
  got: unknown;
  match: boolean;
}

/** Counts for precision, recall, accuracy and the wrong-vs-null confusion. */
export interface Tally {
  total: number;
  correct: number;
  /** A value was answered. */
  found: number;
  /** A value was labelled (not null). */
  labelled: number;
  /** Answered and right. */
  truePositive: number;
  /** A value where another value was expected. */
  wrongValue: number;
  /** Null where a value was expected. */
  missed: number;
  /** A value where the label is null (the document does not state it). */
  spurious: number;
}

const empty = (): Tally => ({ total: 0, correct: 0, found: 0, labelled: 0, truePositive: 0, wrongValue: 0, missed: 0, spurious: 0 });

function add(tally: Tally, field: ScoredField): void {
  const found = field.got !== null && field.got !== undefined;
  const labelled = field.expected !== null;
  tally.total += 1;
  if (field.match) tally.correct += 1;
  if (found) tally.found += 1;
  if (labelled) tally.labelled += 1;
  if (found && field.match) tally.truePositive += 1;
  if (!field.match) {
    if (!found) tally.missed += 1;
    else if (labelled) tally.wrongValue += 1;
    else tally.spurious += 1;
  }
}

/** Tallies grouped by a key. */
export function tallyBy(fields: ScoredField[], key: (field: ScoredField) => string): Map<string, Tally> {
  const tallies = new Map<string, Tally>();
  for (const field of fields) {
    const name = key(field);
    const tally = tallies.get(name) ?? empty();
    add(tally, field);
    tallies.set(name, tally);
  }
  return tallies;
}

const ratio = (a: number, b: number): string => (b === 0 ? '     -' : (a / b).toFixed(3).padStart(6));

// precision = right answers ÷ answers; recall = right answers ÷ labelled values;
// accuracy = matched fields ÷ scored fields (a correct null counts as matched).
const HEADER = `${'precision'.padStart(9)} ${'recall'.padStart(6)} ${'accuracy'.padStart(8)}  ${'right/fields'.padStart(12)}  wrong value  null for value  value for null`;

function row(name: string, width: number, tally: Tally): string {
  return (
    `  ${name.padEnd(width)} ${ratio(tally.truePositive, tally.found).padStart(9)} ${ratio(tally.truePositive, tally.labelled)} ${ratio(tally.correct, tally.total).padStart(8)}  ` +
    `${`${tally.correct}/${tally.total}`.padStart(12)}  ${String(tally.wrongValue).padStart(11)}  ${String(tally.missed).padStart(14)}  ${String(tally.spurious).padStart(14)}`
  );
}

/** Prints the per-document lines, then per set and per field (within each set) tables. */
export function printExtractionTables(fields: ScoredField[], failures: Array<{ set: string; document: string; message: string }>): void {
  const byDocument = tallyBy(fields, (field) => `${field.set}\u0000${field.document}`);
  for (const [key, tally] of byDocument) {
    const [set, document] = key.split('\u0000') as [string, string];
    // The test set is measured, never tuned on: its errors stay hidden unless asked for.
    const hidden = set === 'test' && !process.env.EVAL_SHOW_TEST_ERRORS;
    const wrong = hidden ? [] : fields.filter((field) => field.set === set && field.document === document && !field.match);
    const detail = wrong.map((field) => `${field.field}: got ${JSON.stringify(field.got)} want ${JSON.stringify(field.expected)}`).join('; ');
    console.log(`  [${set}] ${document.padEnd(40)} ${tally.correct}/${tally.total}${detail ? `  ${detail}` : ''}`);
  }
  for (const failure of failures) console.log(`  [${failure.set}] ${failure.document.padEnd(40)} failed: ${failure.message}`);

  console.log('\nPer set');
  console.log(`  ${'set'.padEnd(12)} ${HEADER}`);
  const sets = tallyBy(fields, (field) => field.set);
  for (const [set, tally] of sets) console.log(row(set, 12, tally));

  for (const set of sets.keys()) {
    console.log(`\nPer field, set ${set}`);
    console.log(`  ${'field'.padEnd(36)} ${HEADER}`);
    const inSet = fields.filter((field) => field.set === set);
    for (const [field, tally] of [...tallyBy(inSet, (item) => item.field)].sort(([a], [b]) => a.localeCompare(b))) console.log(row(field, 36, tally));
  }
}

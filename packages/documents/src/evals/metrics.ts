/**
 * Aggregate figures of an eval over many documents. Documents that could not be evaluated
 * (their run failed) are counted in `failed_count` and left out of every rate: a rate says
 * how good the answers were, not how many documents could be read.
 */
import type { ClassifyEval, ExtractEval, SplitEval, Split } from '@jobs-api/api-types';
import type { ExtractionScore } from './extraction.js';

/** `metrics` of an extract eval. */
export type ExtractMetrics = ExtractEval['metrics'];
/** `metrics` of a split eval. */
export type SplitMetrics = SplitEval['metrics'];
/** `metrics` of a classify eval. */
export type ClassifyMetrics = ClassifyEval['metrics'];

const rate = (part: number, whole: number): number => (whole === 0 ? 0 : part / whole);

/**
 * Extract metrics: `accuracy` is matched leaves ÷ compared leaves over every evaluated
 * document (a document with many fields weighs more), `per_field` the same per field with
 * array items pooled (`line_items.*.amount`).
 *
 * @param scores one entry per document of the project; `undefined` for a document whose run failed.
 */
export function summarizeExtraction(scores: ReadonlyArray<ExtractionScore | undefined>): ExtractMetrics {
  const tallies = new Map<string, { matched: number; total: number }>();
  let matched = 0;
  let total = 0;
  for (const score of scores) {
    for (const leaf of score?.leaves ?? []) {
      const tally = tallies.get(leaf.field) ?? { matched: 0, total: 0 };
      tally.total += 1;
      total += 1;
      if (leaf.match) {
        tally.matched += 1;
        matched += 1;
      }
      tallies.set(leaf.field, tally);
    }
  }
  const perField = Object.fromEntries([...tallies].map(([field, tally]) => [field, tally.matched / tally.total]));
  return {
    accuracy: rate(matched, total),
    per_field: perField,
    document_count: scores.length,
    failed_count: scores.filter((score) => score === undefined).length,
  };
}

/** One split compared with its ground truth. */
export interface SplitScore {
  /** Pages assigned to the subdocument the ground truth names ÷ labelled pages. */
  page_accuracy: number;
  /** The same parts (name and pages), in any order, and no others. */
  exact_match: boolean;
  /** Labelled pages. */
  pages: number;
  /** Of those, assigned to the right subdocument. */
  correct_pages: number;
}

function pageLabels(splits: readonly Split[]): Map<number, string> {
  return new Map(splits.flatMap((split) => split.pages.map((page) => [page, split.name] as const)));
}

function partKey(split: Split): string {
  return JSON.stringify([split.name, [...split.pages].sort((a, b) => a - b)]);
}

/** Compares a predicted split with the labelled one, page by page and as a whole. */
export function scoreSplit(expected: readonly Split[], predicted: readonly Split[]): SplitScore {
  const wanted = pageLabels(expected);
  const answered = pageLabels(predicted);
  const correct = [...wanted].filter(([page, name]) => answered.get(page) === name).length;
  const expectedParts = expected.map(partKey).sort();
  const predictedParts = predicted.map(partKey).sort();
  return {
    page_accuracy: rate(correct, wanted.size),
    exact_match: JSON.stringify(expectedParts) === JSON.stringify(predictedParts),
    pages: wanted.size,
    correct_pages: correct,
  };
}

/**
 * Split metrics: `page_accuracy` pools pages over evaluated documents (a 30-page bundle
 * weighs more than a 2-page one), `exact_match_rate` counts documents.
 *
 * @param scores one entry per document; `undefined` for a document whose run failed.
 */
export function summarizeSplit(scores: ReadonlyArray<SplitScore | undefined>): SplitMetrics {
  const evaluated = scores.filter((score): score is SplitScore => score !== undefined);
  return {
    page_accuracy: rate(
      evaluated.reduce((sum, score) => sum + score.correct_pages, 0),
      evaluated.reduce((sum, score) => sum + score.pages, 0),
    ),
    exact_match_rate: rate(evaluated.filter((score) => score.exact_match).length, evaluated.length),
    document_count: scores.length,
    failed_count: scores.length - evaluated.length,
  };
}

/** One classified document: its label and the answer (`null` when the run failed). */
export interface ClassifiedDocument {
  expected: string;
  predicted: string | null;
}

/**
 * Classify metrics: `accuracy` over evaluated documents and the confusion matrix
 * `confusion[expected][predicted]` (only pairs that occurred are present).
 */
export function summarizeClassification(documents: readonly ClassifiedDocument[]): ClassifyMetrics {
  // Maps, then Object.fromEntries: category names are user input ("__proto__" must stay a key).
  const counts = new Map<string, Map<string, number>>();
  let evaluated = 0;
  let right = 0;
  for (const { expected, predicted } of documents) {
    if (predicted === null) continue;
    evaluated += 1;
    if (predicted === expected) right += 1;
    const row = counts.get(expected) ?? new Map<string, number>();
    row.set(predicted, (row.get(predicted) ?? 0) + 1);
    counts.set(expected, row);
  }
  const confusion = Object.fromEntries([...counts].map(([expected, row]) => [expected, Object.fromEntries(row)]));
  return { accuracy: rate(right, evaluated), confusion, document_count: documents.length, failed_count: documents.length - evaluated };
}

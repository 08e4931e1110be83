/**
 * Scoring model outputs against ground truth: the one way extraction, split and
 * classification are scored, used by the server's `/v1/evals/*` endpoints (and, through
 * them, by `npm run eval`). Pure functions, no I/O, except reading a document for a project
 * and cutting pages out of a PDF.
 */
export { alignByBestMatch } from './align.js';
export type { AlignedPair, Alignment } from './align.js';
export { readDocument, isPdf } from './documents.js';
export type { LoadedDocument, ReadDocumentOptions } from './documents.js';
export { compareExtraction, toExtractionComparison } from './extraction.js';
export type { ComparedLeaf, CompareOptions, ExtractionScore } from './extraction.js';
export { checkGroundTruth, checkProjectTask } from './ground-truth.js';
export type { EvalInputProblem, ProjectTask } from './ground-truth.js';
export { scoreSplit, summarizeClassification, summarizeExtraction, summarizeSplit } from './metrics.js';
export type { ClassifiedDocument, ClassifyMetrics, ExtractMetrics, SplitMetrics, SplitScore } from './metrics.js';
export { DEFAULT_NUMBER_TOLERANCE, leafMatches, normalizeString, sameDate, sameNumber } from './values.js';
export type { NumberTolerance } from './values.js';

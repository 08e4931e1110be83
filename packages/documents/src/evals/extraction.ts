/**
 * An extraction compared with its ground truth, leaf by leaf. Only labelled fields are
 * compared: a field the ground truth leaves out is not scored (labels may be partial), while
 * a field labelled `null` ("the document does not state it") is, so answering something
 * there counts as wrong.
 */
import type { ExtractionComparison, FieldComparison } from '@jobs-api/api-types';
import { type JsonSchema, resolveRef } from '../schema/json-schema.js';
import { alignByBestMatch } from './align.js';
import { DEFAULT_NUMBER_TOLERANCE, leafMatches, type NumberTolerance } from './values.js';

/** One compared leaf. */
export interface ComparedLeaf extends FieldComparison {
  /** Dotted path, array items by their index in the ground truth: `line_items.0.amount`. */
  path: string;
  /** The path with array indices written `*` (`line_items.*.amount`): one field across items and documents. */
  field: string;
}

/** An extraction scored against its ground truth. */
export interface ExtractionScore {
  /** Every compared leaf, in ground-truth order. */
  leaves: ComparedLeaf[];
  /** Matched leaves ÷ compared leaves; 1 when the ground truth labels no leaf (nothing to get wrong). */
  accuracy: number;
}

/** How leaves are compared. */
export interface CompareOptions {
  /** The extraction schema: it decides numbers and dates where the label's JSON type does not. */
  schema?: JsonSchema;
  tolerance?: NumberTolerance;
}

type Json = unknown;

interface Walk {
  root: JsonSchema;
  tolerance: NumberTolerance;
  leaves: ComparedLeaf[];
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function childSchema(walk: Walk, schema: JsonSchema | undefined, key: string | number): JsonSchema | undefined {
  if (!schema) return undefined;
  const resolved = resolveRef(walk.root, schema);
  if (typeof key === 'string') {
    const properties = resolved.properties;
    return isPlainObject(properties) && Object.hasOwn(properties, key) && isPlainObject(properties[key]) ? resolveRef(walk.root, properties[key]) : undefined;
  }
  return isPlainObject(resolved.items) ? resolveRef(walk.root, resolved.items) : undefined;
}

const join = (path: string, key: string | number): string => (path === '' ? String(key) : `${path}.${key}`);

function compareNode(walk: Walk, expected: Json, got: Json, schema: JsonSchema | undefined, path: string, field: string): void {
  if (Array.isArray(expected)) return compareArray(walk, expected, got, schema, path, field);
  if (isPlainObject(expected)) {
    const answer = isPlainObject(got) ? got : {};
    for (const [key, value] of Object.entries(expected)) {
      compareNode(walk, value, Object.hasOwn(answer, key) ? answer[key] : null, childSchema(walk, schema, key), join(path, key), join(field, key));
    }
    return;
  }
  const leafSchema = schema ? resolveRef(walk.root, schema) : undefined;
  walk.leaves.push({ path, field, expected, got: got ?? null, match: leafMatches(expected, got, leafSchema, walk.tolerance) });
}

function compareArray(walk: Walk, expected: Json[], got: Json, schema: JsonSchema | undefined, path: string, field: string): void {
  const answer = Array.isArray(got) ? got : [];
  if (expected.length === 0) {
    // "No items" is the label: the array itself is the leaf (an absent array says the same).
    walk.leaves.push({ path, field, expected, got: got ?? null, match: answer.length === 0 });
    return;
  }
  const itemSchema = childSchema(walk, schema, 0);
  const itemField = join(field, '*');
  const alignment = alignByBestMatch(expected.length, answer.length, (e, g) => similarity(walk, expected[e], answer[g], itemSchema));
  const partner = new Map(alignment.pairs.map((pair) => [pair.expected, pair.got]));
  expected.forEach((item, index) => {
    const matched = partner.get(index);
    compareNode(walk, item, matched === undefined ? null : answer[matched], itemSchema, join(path, index), itemField);
  });
  // Items nobody labelled are false positives: each value found in them counts as one wrong leaf.
  alignment.extra.forEach((gotIndex, n) => {
    for (const leaf of leavesOf(answer[gotIndex], join(path, expected.length + n), itemField)) {
      if (leaf.got !== null) walk.leaves.push({ ...leaf, expected: null, match: false });
    }
  });
}

/** Share of the expected item's leaves the extracted item matches. */
function similarity(walk: Walk, expected: Json, got: Json, schema: JsonSchema | undefined): number {
  const probe: Walk = { ...walk, leaves: [] };
  compareNode(probe, expected, got, schema, '', '');
  if (probe.leaves.length === 0) return 0;
  return probe.leaves.filter((leaf) => leaf.match).length / probe.leaves.length;
}

function leavesOf(value: Json, path: string, field: string): Array<Omit<ComparedLeaf, 'expected' | 'match'>> {
  if (Array.isArray(value)) return value.flatMap((item, index) => leavesOf(item, join(path, index), join(field, '*')));
  if (isPlainObject(value)) return Object.entries(value).flatMap(([key, item]) => leavesOf(item, join(path, key), join(field, key)));
  return [{ path, field, got: value ?? null }];
}

/**
 * Compares an extraction (`choices[0].message.parsed`) with a ground truth: every leaf the
 * ground truth labels, strings normalised for case, spacing and punctuation, numbers within
 * a tolerance, dates as dates; arrays are aligned item to item by best match first, and
 * extracted items matching no label count as wrong.
 */
export function compareExtraction(
  expected: Record<string, unknown>,
  got: Record<string, unknown> | null | undefined,
  options: CompareOptions = {},
): ExtractionScore {
  const walk: Walk = { root: options.schema ?? {}, tolerance: options.tolerance ?? DEFAULT_NUMBER_TOLERANCE, leaves: [] };
  compareNode(walk, expected, got ?? null, options.schema, '', '');
  const matched = walk.leaves.filter((leaf) => leaf.match).length;
  return { leaves: walk.leaves, accuracy: walk.leaves.length === 0 ? 1 : matched / walk.leaves.length };
}

/** The API's `{fields, accuracy}` for a score (fields keyed by dotted path). */
export function toExtractionComparison(score: ExtractionScore): ExtractionComparison {
  // Object.fromEntries, not assignment: paths come from user JSON ("__proto__" must stay a key).
  const fields: Record<string, FieldComparison> = Object.fromEntries(score.leaves.map(({ path, expected, got, match }) => [path, { expected, got, match }]));
  return { fields, accuracy: score.accuracy };
}

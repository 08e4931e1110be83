/**
 * Whether one extracted leaf value matches its ground truth. Kept apart from the engine's
 * own coercion rules where they would hide mistakes: a label and an answer match only when
 * a reader would call them the same value, not when the extractor could have produced both.
 */
import { parseBoolean, parseDate, parseNumber } from '../local/coerce.js';
import type { JsonSchema } from '../schema/json-schema.js';
import { schemaKind } from '../schema/json-schema.js';

/** How far apart two numbers may be and still match: `|a − b| ≤ max(absolute, relative × |expected|)`. */
export interface NumberTolerance {
  /** Default 0.005: half a cent, so amounts rounded to cents match and a one-cent error does not. */
  absolute: number;
  /** Default 1e-9: only absorbs floating-point noise on large values. */
  relative: number;
}

/** The tolerance used when none is given. */
export const DEFAULT_NUMBER_TOLERANCE: NumberTolerance = Object.freeze({ absolute: 0.005, relative: 1e-9 });

/**
 * A string reduced to what a reader compares: Unicode compatibility forms folded (NFKC),
 * lower case, and every whitespace and punctuation character removed, so "Pvt. Ltd" and
 * "pvt ltd", or "(123) 456-7890" and "123 4567890", compare equal. Accents and symbols
 * (currency signs) are kept: they change meaning.
 */
export function normalizeString(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\s]+/gu, '');
}

function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string') return parseNumber(value);
  return undefined;
}

/** Both values read as numbers within the tolerance. */
export function sameNumber(expected: unknown, got: unknown, tolerance: NumberTolerance = DEFAULT_NUMBER_TOLERANCE): boolean {
  const a = numberOf(expected);
  const b = numberOf(got);
  if (a === undefined || b === undefined) return false;
  return Math.abs(a - b) <= Math.max(tolerance.absolute, tolerance.relative * Math.abs(a));
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;

/**
 * The calendar dates a text can mean: one for unambiguous forms, two for a numeric date like
 * 03/04/2024 whose day/month order the text does not settle (compared both ways, since the
 * label cannot say which convention the document used).
 */
function readDates(text: string): Set<string> {
  // The engine's parseDate reads months written in words; a bare ISO month it leaves alone.
  const month = /^\s*(\d{4})-(\d{1,2})\s*$/.exec(text);
  if (month && Number(month[2]) >= 1 && Number(month[2]) <= 12) return new Set([`${month[1]}-${month[2]!.padStart(2, '0')}`]);
  return new Set([parseDate(text, false), parseDate(text, true)].filter((date): date is string => date !== undefined));
}

/**
 * Both values name the same date: instants are compared when both carry a time of day,
 * calendar dates (or months, `YYYY-MM`) otherwise.
 */
export function sameDate(expected: unknown, got: unknown): boolean {
  if (typeof expected !== 'string' || typeof got !== 'string') return false;
  if (ISO_DATE_TIME.test(expected) && ISO_DATE_TIME.test(got)) {
    const a = Date.parse(expected);
    const b = Date.parse(got);
    if (!Number.isNaN(a) && !Number.isNaN(b)) return a === b;
  }
  const wanted = readDates(expected);
  return wanted.size > 0 && [...readDates(got)].some((date) => wanted.has(date));
}

/** A label written as an ISO date (`2024-03-15`, `2024-03`, or a date-time). */
function looksLikeIsoDate(value: unknown): boolean {
  return typeof value === 'string' && /^\d{4}-\d{2}(-\d{2})?([T ]\d{2}:\d{2}.*)?$/.test(value.trim());
}

function isDateSchema(schema: JsonSchema | undefined): boolean {
  return schema !== undefined && ['date', 'date-time'].includes(schema.format as string);
}

function sameBoolean(expected: boolean, got: unknown): boolean {
  if (typeof got === 'boolean') return got === expected;
  return typeof got === 'string' && parseBoolean(got) === expected;
}

/**
 * Whether a leaf answer matches its label. `null` is a value: a `null` label ("the document
 * does not state it") matches only a `null` answer, and a label is never matched by `null`.
 * Numbers compare with the tolerance (an answer given as text is read as a number), dates as
 * dates (when the schema says `format: date|date-time`, or the label is an ISO date), strings
 * after {@link normalizeString}, booleans as booleans.
 *
 * @param schema the leaf's resolved schema, when known: it decides numbers and dates over the label's JSON type.
 */
export function leafMatches(expected: unknown, got: unknown, schema?: JsonSchema, tolerance: NumberTolerance = DEFAULT_NUMBER_TOLERANCE): boolean {
  if (expected === null || expected === undefined) return got === null || got === undefined;
  if (got === null || got === undefined) return false;
  const kind = schema ? schemaKind(schema) : 'unknown';
  if (typeof expected === 'number' || kind === 'number' || kind === 'integer') {
    return sameNumber(expected, got, tolerance) || (typeof expected === 'string' && typeof got === 'string' && sameString(expected, got));
  }
  if (typeof expected === 'boolean') return sameBoolean(expected, got);
  if (typeof expected === 'string') {
    if (typeof got !== 'string' && typeof got !== 'number' && typeof got !== 'boolean') return false;
    const answer = String(got);
    if (sameString(expected, answer)) return true;
    return (isDateSchema(schema) || looksLikeIsoDate(expected)) && sameDate(expected, answer);
  }
  // An object or array where a leaf was expected (or the reverse): structurally equal or not at all.
  return JSON.stringify(expected) === JSON.stringify(got);
}

function sameString(expected: string, got: string): boolean {
  return normalizeString(expected) === normalizeString(got);
}

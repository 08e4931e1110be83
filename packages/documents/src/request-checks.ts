import { invalidRequest } from './errors.js';
import type { DocumentRef, NamedDescription, TableParsingFormat } from './types.js';

/** The model used when a request names none. */
export const DEFAULT_MODEL = 'retab-small';

/** Checks `document` has a url string. */
export function requireDocument(document: unknown, field = 'document'): DocumentRef {
  const ref = document as Partial<DocumentRef> | undefined;
  if (!ref || typeof ref !== 'object' || typeof ref.url !== 'string' || ref.url === '') {
    throw invalidRequest(`${field}.url is required.`, { field: `${field}.url` });
  }
  return { filename: typeof ref.filename === 'string' ? ref.filename : 'document', url: ref.url };
}

/** An optional integer within bounds, or the default. */
export function integerInRange(value: unknown, field: string, min: number, max: number, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalidRequest(`${field} must be an integer from ${min} to ${max}.`, { field });
  }
  return value;
}

/** An optional number within bounds. */
export function numberInRange(value: unknown, field: string, min: number, max: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw invalidRequest(`${field} must be a number from ${min} to ${max}.`, { field });
  }
  return value;
}

const TABLE_FORMATS: readonly TableParsingFormat[] = ['markdown', 'html', 'json', 'yaml'];

/** `table_parsing_format`, default `html`. */
export function tableFormat(value: unknown): TableParsingFormat {
  if (value === undefined || value === null) return 'html';
  if (!TABLE_FORMATS.includes(value as TableParsingFormat)) {
    throw invalidRequest(`table_parsing_format must be one of ${TABLE_FORMATS.join(', ')}.`, { field: 'table_parsing_format' });
  }
  return value as TableParsingFormat;
}

/** A non-empty list of `{name, description}` with unique names. */
export function namedDescriptions(value: unknown, field: string): NamedDescription[] {
  if (!Array.isArray(value) || value.length === 0) throw invalidRequest(`${field} must be a non-empty array.`, { field });
  const items = value.map((item, index) => {
    const candidate = item as Partial<NamedDescription> | null;
    if (!candidate || typeof candidate.name !== 'string' || candidate.name === '') {
      throw invalidRequest(`${field}[${index}].name is required.`, { field: `${field}[${index}].name` });
    }
    return { name: candidate.name, description: typeof candidate.description === 'string' ? candidate.description : '' };
  });
  if (new Set(items.map((item) => item.name)).size !== items.length) {
    throw invalidRequest(`${field} names must be unique.`, { field });
  }
  return items;
}

/** A JSON Schema object. */
export function requireSchema(value: unknown): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw invalidRequest('json_schema must be a JSON Schema object.', { field: 'json_schema' });
  }
  return value as Record<string, unknown>;
}

import type { ParsedDocument } from '../parse/parsed-document.js';
import type { JsonSchema } from '../schema/json-schema.js';
import { type Candidate, collectCandidates, isLabelLike, type LocatedTable } from './candidates.js';
import { parseBoolean, parseDate, parseNumber } from './coerce.js';
import { conceptTokens, toSnakeCase } from './text-match.js';

// Pairs trusted enough to name a property; pairs found merely beside or below a label
// are too often two unrelated cells.
const SCHEMA_PAIR_KINDS = new Set<Candidate['kind']>(['inline', 'table-column', 'table-row']);
const MAX_PROPERTIES = 60;

// Labels whose values are codes even when they are all digits (an invoice number, a phone).
const CODE_CONCEPTS = ['id', 'phone', 'zip', 'code', 'postal', 'siret', 'iban', 'account'];

/** The JSON Schema type that fits every sample value; codes stay strings. */
function inferType(values: string[], label = ''): JsonSchema {
  if (conceptTokens(label).some((token) => CODE_CONCEPTS.includes(token))) return { type: 'string' };
  const numbers = values.map(parseNumber);
  if (numbers.every((value) => value !== undefined)) {
    return numbers.every((value) => Number.isInteger(value)) && values.every((value) => !/[.,]\d/.test(value)) ? { type: 'integer' } : { type: 'number' };
  }
  if (values.every((value) => parseBoolean(value) !== undefined && !/^\d$/.test(value.trim()))) return { type: 'boolean' };
  if (values.every((value) => parseDate(value)?.length === 10)) return { type: 'string', format: 'date' };
  return { type: 'string' };
}

interface PropertyDraft {
  label: string;
  values: string[];
  schema?: JsonSchema;
}

function tableArrayName(located: LocatedTable, index: number): string {
  if (located.caption) return toSnakeCase(located.caption);
  const headerTokens = conceptTokens(located.table.rows[0]!.join(' '));
  const itemish = ['description', 'quantity', 'price', 'amount'].filter((token) => headerTokens.includes(token)).length;
  return itemish >= 2 ? 'line_items' : `table_${index + 1}`;
}

/** Properties from tables of records: header cells name the columns, body rows give the types. */
function tableProperties(tables: LocatedTable[]): Map<string, PropertyDraft> {
  const drafts = new Map<string, PropertyDraft>();
  tables.forEach((located, index) => {
    const [header, ...body] = located.table.rows;
    // One body row is a key/value header block, handled as single fields.
    if (!located.table.hasHeader || !header || body.length < 2 || !header.every((cell) => cell === '' || isLabelLike(cell))) return;
    const properties: Record<string, JsonSchema> = {};
    header.forEach((cell, column) => {
      if (!cell) return;
      const values = body.map((row) => row[column] ?? '').filter((value) => value.trim() !== '');
      if (values.length === 0) return;
      properties[toSnakeCase(cell)] = { ...inferType(values, cell), title: cell, description: `Column "${cell}" of the table` };
    });
    if (Object.keys(properties).length < 2) return;
    const name = tableArrayName(located, index);
    if (drafts.has(name)) return;
    drafts.set(name, {
      label: located.caption ?? name.replace(/_/g, ' '),
      values: [],
      schema: { type: 'array', items: { type: 'object', properties } },
    });
  });
  return drafts;
}

/** Single-value properties from label/value pairs (first occurrence of each label). */
function pairProperties(candidates: Candidate[], skipColumnsOf: Set<string>): Map<string, PropertyDraft> {
  const drafts = new Map<string, PropertyDraft>();
  for (const candidate of candidates) {
    if (!SCHEMA_PAIR_KINDS.has(candidate.kind) || candidate.inDataColumn) continue;
    if (candidate.kind === 'table-column' && (candidate.rowIndex ?? 0) > 0) continue;
    if (skipColumnsOf.has(candidate.label)) continue;
    const name = toSnakeCase(candidate.label);
    if (name === 'field' || name.length < 2 || drafts.has(name)) continue;
    drafts.set(name, { label: candidate.label.trim(), values: [candidate.value] });
  }
  return drafts;
}

function documentProperties(document: ParsedDocument): Map<string, PropertyDraft> {
  const { candidates, tables } = collectCandidates(document);
  const arrays = tableProperties(tables);
  const arrayHeaders = new Set(
    tables.filter((located) => located.table.hasHeader && located.table.rows.length > 2).flatMap((located) => located.table.rows[0]!),
  );
  const singles = pairProperties(candidates, arrayHeaders);
  return new Map([...singles, ...arrays]);
}

/**
 * Infers a JSON Schema from documents: one property per detected label (snake_case name,
 * the label as title), types from the values seen, arrays of objects from tables with a
 * header and several rows; `required` lists the properties found in every document.
 */
export function generateSchemaLocally(documents: ParsedDocument[], instructions?: string): JsonSchema {
  const perDocument = documents.map(documentProperties);
  const merged = new Map<string, PropertyDraft>();
  for (const properties of perDocument) {
    for (const [name, draft] of properties) {
      const existing = merged.get(name);
      if (existing) existing.values.push(...draft.values);
      else if (merged.size < MAX_PROPERTIES) merged.set(name, { ...draft, values: [...draft.values] });
    }
  }
  const properties: Record<string, JsonSchema> = {};
  for (const [name, draft] of merged) {
    properties[name] = draft.schema ?? {
      ...inferType(draft.values, draft.label),
      title: draft.label,
      description: `Value labelled "${draft.label}" in the document`,
    };
  }
  const required = [...merged.keys()].filter((name) => perDocument.every((found) => found.has(name)));
  const names = documents.map((document) => document.filename).join(', ');
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    title: 'GeneratedSchema',
    description: `Fields found in ${names}.${instructions ? ` Instructions: ${instructions}` : ''}`,
    properties,
    required,
  };
}

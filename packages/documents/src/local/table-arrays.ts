import { type JsonSchema, resolveRef, schemaKind } from '../schema/json-schema.js';
import type { LocatedTable } from './candidates.js';
import { describeField, type FieldDescriptor, labelScore } from './field-match.js';
import { conceptTokens, countMatches } from './text-match.js';
import { fitValue, type LeafSpec } from './value-fit.js';

interface ItemProperty {
  name: string;
  spec: LeafSpec;
  field: FieldDescriptor;
}

interface TableMapping {
  located: LocatedTable;
  /** Property name → column index. */
  columns: Map<string, number>;
  score: number;
}

/** The found array and its per-item likelihoods. */
export interface FoundArray {
  value: unknown[];
  likelihood: unknown[];
}

function itemProperties(root: JsonSchema, items: JsonSchema): ItemProperty[] {
  const properties = (items.properties ?? {}) as Record<string, unknown>;
  return Object.entries(properties).map(([name, raw]) => {
    const schema = resolveRef(root, raw);
    const field = describeField(name, schema.title, schema.description, []);
    return { name, field, spec: { kind: schemaKind(schema), schema, nameTokens: field.nameTokens } };
  });
}

/** Maps properties to header cells greedily by label score; the table's score sums the matches. */
function mapTable(located: LocatedTable, properties: ItemProperty[], arrayField: FieldDescriptor, threshold: number): TableMapping | undefined {
  const header = located.table.hasHeader ? located.table.rows[0] : undefined;
  if (!header || located.table.rows.length < 2) return undefined;
  const pairs = properties
    .flatMap((property) => header.map((cell, column) => ({ property, column, score: labelScore(cell, property.field) })))
    .filter((pair) => pair.score >= threshold)
    .sort((a, b) => b.score - a.score);
  const columns = new Map<string, number>();
  const usedColumns = new Set<number>();
  let score = 0;
  for (const { property, column, score: pairScore } of pairs) {
    if (columns.has(property.name) || usedColumns.has(column)) continue;
    columns.set(property.name, column);
    usedColumns.add(column);
    score += pairScore;
  }
  const needed = Math.min(2, properties.length);
  if (columns.size < needed) return undefined;
  // A caption or header naming the array ("Line items", "Services") tips the balance between tables.
  const context = conceptTokens(`${located.caption ?? ''} ${header.join(' ')}`);
  score += 0.5 * countMatches(arrayField.nameTokens, context);
  return { located, columns, score };
}

function isTotalRow(row: string[]): boolean {
  const tokens = conceptTokens(row.join(' '));
  return tokens.includes('total') || tokens.includes('subtotal');
}

/**
 * An array of objects from the table whose header best matches the item's properties;
 * later tables with the same header (a table continued on the next page) are appended.
 * Cells that do not coerce to their property's type are null, never guessed.
 */
export function extractTableArray(
  root: JsonSchema,
  items: JsonSchema,
  arrayField: FieldDescriptor,
  tables: LocatedTable[],
  dayFirst: boolean,
  threshold: number,
): FoundArray | undefined {
  const properties = itemProperties(root, items);
  if (properties.length === 0) return undefined;
  const mappings = tables
    .map((located) => mapTable(located, properties, arrayField, threshold))
    .filter((mapping): mapping is TableMapping => mapping !== undefined);
  const best = mappings.sort((a, b) => b.score - a.score)[0];
  if (!best) return undefined;
  const headerKey = best.located.table.rows[0]!.join('\u0000');
  const continued = tables.filter((located) => located.table.hasHeader && located.table.rows[0]!.join('\u0000') === headerKey);
  const value: unknown[] = [];
  const likelihood: unknown[] = [];
  for (const located of continued) {
    for (const row of located.table.rows.slice(1)) {
      if (isTotalRow(row) || row.every((cell) => cell.trim() === '')) continue;
      const item: Record<string, unknown> = {};
      const itemLikelihood: Record<string, number> = {};
      for (const property of properties) {
        const column = best.columns.get(property.name);
        const fitted = column === undefined ? undefined : fitValue(row[column] ?? '', property.spec, dayFirst);
        item[property.name] = fitted ? fitted.value : null;
        itemLikelihood[property.name] = fitted ? Number((0.9 * fitted.fit).toFixed(3)) : 0;
      }
      if (Object.values(item).every((cell) => cell === null)) continue;
      value.push(item);
      likelihood.push(itemLikelihood);
    }
  }
  return value.length ? { value, likelihood } : undefined;
}

/** An array of scalars from the table column whose header best names the array. */
export function extractScalarArray(
  items: JsonSchema,
  arrayField: FieldDescriptor,
  tables: LocatedTable[],
  dayFirst: boolean,
  threshold: number,
): FoundArray | undefined {
  const spec: LeafSpec = { kind: schemaKind(items), schema: items, nameTokens: arrayField.nameTokens };
  let best: { located: LocatedTable; column: number; score: number } | undefined;
  for (const located of tables) {
    const header = located.table.hasHeader ? located.table.rows[0] : undefined;
    header?.forEach((cell, column) => {
      const score = labelScore(cell, arrayField);
      if (score >= threshold && (!best || score > best.score)) best = { located, column, score };
    });
  }
  if (!best) return undefined;
  const { located, column } = best;
  const fitted = located.table.rows
    .slice(1)
    .filter((row) => !isTotalRow(row))
    .map((row) => fitValue(row[column] ?? '', spec, dayFirst))
    .filter((cell) => cell !== undefined);
  if (fitted.length === 0) return undefined;
  return { value: fitted.map((cell) => cell.value), likelihood: fitted.map((cell) => Number((0.9 * cell.fit).toFixed(3))) };
}

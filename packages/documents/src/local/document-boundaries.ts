/**
 * Where one document ends and the next begins inside a part of a bundle. The split groups
 * consecutive pages of the same kind, so two invoices in a row come back as one part; reading
 * each page's identifier (the invoice number, the order reference: the project's schema says
 * which fields name a document) separates them. Conservative by design: a page starts a new
 * document only when it states an identifier that contradicts one already seen in the part, so
 * a continuation page (which usually repeats the identifier or states none) stays with its part.
 */
import { normalizeString } from '../evals/values.js';

const IDENTIFIER_WORDS = new Set(['id', 'number', 'no', 'num', 'ref', 'reference']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The schema's top-level text or integer fields whose name ends in id, number, no, num, ref or reference. */
export function identifierFields(schema: Record<string, unknown>): string[] {
  if (!isPlainObject(schema.properties)) return [];
  return Object.entries(schema.properties)
    .filter(([name, property]) => {
      const words = name
        .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
        .toLowerCase()
        .split(/[\s_\-.]+/);
      if (!IDENTIFIER_WORDS.has(words.at(-1) ?? '')) return false;
      const type = isPlainObject(property) ? property.type : undefined;
      const types = Array.isArray(type) ? type : [type];
      return types.some((t) => t === undefined || t === 'string' || t === 'integer');
    })
    .map(([name]) => name);
}

/** The extraction schema that reads only the identifier fields. */
export function identifierSchema(schema: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const properties = schema.properties as Record<string, unknown>;
  return { type: 'object', properties: Object.fromEntries(fields.map((field) => [field, properties[field]])) };
}

/** A page's identifiers as found (nulls dropped), normalised so "INV-1" and "inv 1" agree. */
export function pageIdentity(parsed: Record<string, unknown>, fields: readonly string[]): Map<string, string> {
  const identity = new Map<string, string>();
  for (const field of fields) {
    const value = parsed[field];
    if (typeof value === 'string' || typeof value === 'number') {
      const normalized = normalizeString(String(value));
      if (normalized) identity.set(field, normalized);
    }
  }
  return identity;
}

/**
 * Cuts `pages` (one part, in order) before every page whose identity contradicts the running
 * part's: same field, another value. A page without identifiers continues the part.
 */
export function splitAtIdentityChanges(pages: readonly number[], identityOf: (page: number) => Map<string, string> | undefined): number[][] {
  const groups: number[][] = [];
  let seen = new Map<string, string>();
  for (const page of pages) {
    const identity = identityOf(page) ?? new Map<string, string>();
    const contradicts = [...identity].some(([field, value]) => seen.has(field) && seen.get(field) !== value);
    if (groups.length === 0 || contradicts) {
      groups.push([page]);
      seen = new Map(identity);
    } else {
      groups.at(-1)!.push(page);
      for (const [field, value] of identity) if (!seen.has(field)) seen.set(field, value);
    }
  }
  return groups;
}

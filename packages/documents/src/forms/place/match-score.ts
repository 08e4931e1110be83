/**
 * How well an instruction names a form field, 0..1, from words: the instruction's key against the
 * field's label, with the enclosing keys ("wire_instructions", "correspondent_bank") checked
 * against the field's context (table caption, section heading) to tell repeated labels apart.
 * Built on the extraction matcher's tokens (synonyms, plurals, one-edit OCR tolerance).
 */
import type { FormField } from '@jobs-api/api-types';
import { conceptTokens, countMatches, normalizeText, splitIdentifier } from '../../local/text-match.js';
import type { FillEntry } from './instructions.js';

/** The words of an instruction key, split into the key itself and its parents. */
export interface EntryWords {
  /** Tokens of the last named key (`date` for `signatures[1].date`, `account_owners` for `account_owners[0]`). */
  name: string[];
  /** Tokens of the enclosing keys, minus the name's. */
  parents: string[];
  /** The path as dotted text without positions, for exact name matches (`signatures.date`). */
  dotted: string;
  /** The whole path with positions (`signatures.1.date`). */
  indexed: string;
  /** The last named key as words (`account number`). */
  leaf: string;
}

/** The words of a field: its label and, apart, the context around it. */
export interface FieldWords {
  label: string[];
  context: string[];
  /** Normalized name and label, for exact matches. */
  exact: Set<string>;
}

// Words in labels that say how to fill, not what: format hints, markers.
const NOISE = new Set(['mm', 'dd', 'yy', 'yyyy', 'required', 'optional', 'if', 'applicable', 'maximum', 'character', 'please', 'here']);
// Label words that ask for "the thing itself": "Name" under "Account Owners" is an owner's name.
const GENERIC = new Set(['name', 'id', 'value', 'amount', 'text', 'detail', 'info', 'information']);

function lightStem(token: string): string {
  // "printed" and "print", "signed" and "sign", "mailing" and "mail" name the same thing on a form.
  if (token.length > 5 && token.endsWith('ed')) return token.slice(0, -2);
  if (token.length > 6 && token.endsWith('ing')) return token.slice(0, -3);
  return token;
}

/** Concept tokens of form text; "W-8" stays one token like the key `w8`. */
export function formTokens(text: string): string[] {
  const joined = text.replace(/\b([A-Za-z])-(\d)\b/g, '$1$2');
  return [
    ...new Set(
      conceptTokens(splitIdentifier(joined))
        .map(lightStem)
        .filter((token) => !/^\d+$/.test(token)),
    ),
  ];
}

export function entryWords(entry: FillEntry): EntryWords {
  const keys = entry.path.filter((key): key is string => typeof key === 'string');
  const leaf = keys.at(-1) ?? '';
  const name = formTokens(leaf);
  const parents = [...new Set(keys.slice(0, -1).flatMap(formTokens))].filter((token) => !name.includes(token));
  return { name, parents, dotted: normalizeText(keys.join(' ')), indexed: normalizeText(entry.path.join(' ')), leaf: normalizeText(splitIdentifier(leaf)) };
}

export function fieldWords(field: FormField): FieldWords {
  const label = formTokens(field.label).filter((token) => !NOISE.has(token));
  const context = formTokens(`${field.description ?? ''} ${splitIdentifier(field.name)}`).filter((token) => !label.includes(token) && !NOISE.has(token));
  const exact = new Set([normalizeText(splitIdentifier(field.name)), normalizeText(field.label)]);
  return { label, context, exact };
}

function share(wanted: readonly string[], present: readonly string[]): number {
  return wanted.length === 0 ? 0 : countMatches(wanted, present) / wanted.length;
}

/**
 * The score of placing `entry` in `field`: half from how much of the key the label covers (a key
 * word found only in the context counts less), a quarter from how much of the label the key
 * explains, a quarter from the context agreeing: the enclosing keys found around the field, or
 * for a top-level key, the key itself found in the field's section ("Name" under "1. Account
 * Owners"). 0 when neither label nor context covers the key.
 */
export function matchScore(entry: EntryWords, field: FieldWords): number {
  const support = entry.parents.length ? share(entry.parents, [...field.label, ...field.context]) : share(entry.name, field.context);
  // An exact name still weighs the context: "Country" appears under two sections of one form.
  if ([entry.dotted, entry.indexed, entry.leaf].some((name) => name && field.exact.has(name))) {
    return 0.9 + 0.1 * (entry.parents.length ? support : 1);
  }
  if (entry.name.length === 0) return 0;
  let covered = 0;
  for (const token of entry.name) {
    if (countMatches([token], field.label)) covered += 1;
    else if (countMatches([token], field.context)) covered += 0.75;
  }
  if (covered === 0) return 0;
  let explained = 0;
  for (const token of field.label) {
    if (countMatches([token], entry.name)) explained += 1;
    else if (countMatches([token], entry.parents)) explained += 0.8;
    else if (GENERIC.has(token)) explained += 0.5;
  }
  const precision = field.label.length ? explained / field.label.length : 0;
  return 0.5 * (covered / entry.name.length) + 0.25 * precision + 0.25 * support;
}

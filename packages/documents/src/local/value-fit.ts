import type { JsonSchema, SchemaKind } from '../schema/json-schema.js';
import { compileLinearPattern } from '../schema/linear-regexp.js';
import { matchEnum, parseBoolean, parseDate, parseNumber } from './coerce.js';

/** A schema leaf to fill: its kind, constraints and concept words. */
export interface LeafSpec {
  kind: SchemaKind;
  schema: JsonSchema;
  /** Concept tokens of the field's own name and title. */
  nameTokens: string[];
}

/** A value coerced to a leaf's type, with how well it fits (0..1). */
export interface FittedValue {
  value: unknown;
  fit: number;
}

const PHONE = /^[+()\d\s.\-/]{7,25}$/;
const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/;
const WEBSITE = /^(https?:\/\/)?(www\.)?[\w-]+(\.[\w-]+)+(\/\S*)?$/i;
const ADDRESS_WORD = /\b(street|st|road|rd|avenue|ave|lane|ln|blvd|boulevard|rue|chemin|che|allee|place|city|area|zip|suite|floor|nagar|cedex|bp)\b/i;

function digitShare(text: string): number {
  const compact = text.replace(/\s/g, '');
  return compact.length === 0 ? 0 : (compact.match(/\d/g)?.length ?? 0) / compact.length;
}

/**
 * Checks a string against what its field's name says it holds: a phone looks like a
 * phone, a name has no digits, an address has a street word, a comma or a number...
 * Undefined means "not this field's value".
 */
function fitStringByConcept(text: string, concepts: readonly string[], preferDayFirst: boolean): FittedValue | undefined {
  const has = (concept: string): boolean => concepts.includes(concept);
  if (has('email')) {
    const email = EMAIL.exec(text)?.[0];
    return email ? { value: email, fit: 1 } : undefined;
  }
  if (has('phone')) {
    return PHONE.test(text) && (text.match(/\d/g)?.length ?? 0) >= 7 ? { value: text, fit: 1 } : undefined;
  }
  if (has('website')) return WEBSITE.test(text) ? { value: text, fit: 1 } : undefined;
  if (has('date')) {
    const iso = parseDate(text, preferDayFirst);
    return iso ? { value: iso, fit: 1 } : undefined;
  }
  if (has('address')) {
    const addressLike = /\p{L}{2}/u.test(text) && (ADDRESS_WORD.test(text) || /,/.test(text) || /\d/.test(text));
    return addressLike && !EMAIL.test(text) ? { value: text, fit: addressLike ? 1 : 0.5 } : undefined;
  }
  if (has('name')) {
    return /\p{L}{2}/u.test(text) && digitShare(text) < 0.2 && !EMAIL.test(text) ? { value: text, fit: 1 } : undefined;
  }
  if (has('id')) {
    // Identifiers are one short code with a digit in it: "12398982", "INV-2024-001".
    return /\d/.test(text) && text.length <= 40 && text.split(/\s+/).length <= 3 ? { value: text, fit: 1 } : undefined;
  }
  if (has('currency')) {
    return /^[A-Z]{3}$|^[$€£¥₹]$/.test(text.trim()) ? { value: text.trim(), fit: 1 } : undefined;
  }
  return { value: text, fit: text.length <= 300 ? 0.9 : 0.5 };
}

function withinBounds(value: number, schema: JsonSchema): boolean {
  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum } = schema as Record<string, unknown>;
  if (typeof minimum === 'number' && value < minimum) return false;
  if (typeof maximum === 'number' && value > maximum) return false;
  if (typeof exclusiveMinimum === 'number' && value <= exclusiveMinimum) return false;
  if (typeof exclusiveMaximum === 'number' && value >= exclusiveMaximum) return false;
  return true;
}

/** Coerces a found text to a leaf's schema type; undefined when it cannot be that field's value. */
export function fitValue(text: string, leaf: LeafSpec, preferDayFirst: boolean): FittedValue | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  const { schema } = leaf;
  if (Array.isArray(schema.enum)) {
    const member = matchEnum(trimmed, schema.enum);
    return member === undefined ? undefined : { value: member, fit: 1 };
  }
  switch (leaf.kind) {
    case 'number':
    case 'integer': {
      const value = parseNumber(trimmed);
      if (value === undefined || !withinBounds(value, schema)) return undefined;
      if (leaf.kind === 'integer' && !Number.isInteger(value)) return undefined;
      return { value, fit: 1 };
    }
    case 'boolean': {
      const value = parseBoolean(trimmed);
      return value === undefined ? undefined : { value, fit: 1 };
    }
    case 'string':
    case 'unknown': {
      const format = typeof schema.format === 'string' ? schema.format : undefined;
      if (format === 'date' || format === 'date-time') {
        const iso = parseDate(trimmed, preferDayFirst);
        if (!iso || iso.length !== 10) return undefined;
        return { value: format === 'date' ? iso : `${iso}T00:00:00Z`, fit: 1 };
      }
      if (format === 'email') return fitStringByConcept(trimmed, ['email'], preferDayFirst);
      const fitted = fitStringByConcept(trimmed, leaf.nameTokens, preferDayFirst);
      if (!fitted) return undefined;
      const value = String(fitted.value);
      if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) return undefined;
      if (typeof schema.minLength === 'number' && value.length < schema.minLength) return undefined;
      if (typeof schema.pattern === 'string') {
        try {
          if (!compileLinearPattern(schema.pattern).test(value)) return undefined;
        } catch {
          // An invalid pattern cannot be checked here; Ajv reports it when validating.
        }
      }
      return fitted;
    }
    default:
      return undefined;
  }
}

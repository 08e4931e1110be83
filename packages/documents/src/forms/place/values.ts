/**
 * Turning an instruction's value into what a field takes: a tick for a checkbox, one of the
 * options of a radio group or list, text for the rest.
 */
import { normalizeText } from '../../local/text-match.js';

const TRUE_WORDS = new Set(['yes', 'y', 'true', 'x', 'checked', 'check', 'tick', 'ticked', 'on', '1', 'selected', 'oui']);
const FALSE_WORDS = new Set(['no', 'n', 'false', 'unchecked', 'off', '0', 'none', 'non']);

/** A boolean for booleans and yes/no words; undefined for anything else. */
export function asBoolean(value: string | boolean): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const word = normalizeText(value);
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return undefined;
}

/** Whether two texts say the same once case, accents and punctuation are set aside. */
export function sameText(a: string | boolean, b: string): boolean {
  return typeof a === 'string' && normalizeText(a) !== '' && normalizeText(a) === normalizeText(b);
}

/**
 * The option a value names: the same text, else the only option containing it or contained in
 * it; a boolean names "Yes"/"No"-like options.
 */
export function matchOption(value: string | boolean, options: readonly string[]): string | undefined {
  if (typeof value === 'boolean') return options.find((option) => asBoolean(option) === value);
  const wanted = normalizeText(value);
  if (!wanted) return undefined;
  const exact = options.find((option) => normalizeText(option) === wanted);
  if (exact !== undefined) return exact;
  const partial = options.filter((option) => {
    const normalized = normalizeText(option);
    return normalized !== '' && (normalized.includes(wanted) || wanted.includes(normalized));
  });
  if (partial.length === 1) return partial[0];
  const flag = asBoolean(value);
  return flag === undefined ? undefined : options.find((option) => asBoolean(option) === flag);
}

/** A value as text for a text field: booleans as "Yes"/"No". */
export function asText(value: string | boolean): string {
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  return value;
}

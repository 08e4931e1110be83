/**
 * Names for detected fields: snake_case of the label, numbered when a label repeats
 * ("fidelity_account_number", "fidelity_account_number_2", ...).
 */
import { toSnakeCase } from '../../local/text-match.js';

/** A name not in `taken` (which it is added to), made from `label`. */
export function uniqueFieldName(label: string, taken: Set<string>): string {
  const base = toSnakeCase(label).slice(0, 48).replace(/_+$/, '') || 'field';
  let name = base;
  for (let n = 2; taken.has(name); n += 1) name = `${base}_${n}`;
  taken.add(name);
  return name;
}

/**
 * Fill instructions as a flat list of values, each with the path of keys it came from: a JSON
 * object is flattened (nested keys to paths, array items to numbered entries), free text is read
 * as "Key: value" lines.
 */
import { invalidRequest } from '../../errors.js';

/** One value to place, and where in the instructions it came from. */
export interface FillEntry {
  /** Keys from the root; array positions are numbers: `['signatures', 1, 'date']`. */
  path: Array<string | number>;
  /** The path as written for people: `signatures[1].date`, or the free-text key. */
  source: string;
  value: string | boolean;
}

/** The instructions of a fill request: free text or a JSON object. */
export type Instructions = string | Record<string, unknown>;

function sourceOf(path: Array<string | number>): string {
  return path.map((key, index) => (typeof key === 'number' ? `[${key}]` : index === 0 ? key : `.${key}`)).join('');
}

function flatten(value: unknown, path: Array<string | number>, out: FillEntry[]): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    value.forEach((item, index) => flatten(item, [...path, index], out));
  } else if (typeof value === 'object') {
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) flatten(item, [...path, key], out);
  } else if (typeof value === 'boolean') {
    out.push({ path, source: sourceOf(path), value });
  } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') {
    const text = String(value).trim();
    if (text) out.push({ path, source: sourceOf(path), value: text });
  }
}

// "Key: value" or "Key = value"; the key is short and does not itself hold a colon.
const KEY_VALUE = /^\s*(?:[-*•]\s*)?([^:=\n]{1,80}?)\s*[:=]\s*(.+?)\s*$/;

/** Free-text lines ("Name: Jane Doe; Date: 2026-11-29") as entries; other sentences are skipped. */
function parseText(text: string): FillEntry[] {
  const entries: FillEntry[] = [];
  for (const line of text.split(/\r?\n/)) {
    // Semicolons separate pairs only when every part is a pair: an address may hold one.
    const parts = line.split(';');
    const pieces = parts.length > 1 && parts.every((part) => KEY_VALUE.test(part) || part.trim() === '') ? parts : [line];
    for (const piece of pieces) {
      const match = KEY_VALUE.exec(piece);
      if (!match) continue;
      const key = match[1]!.trim();
      // "wire_instructions.bank_name: X" names a path; "Bank name: X" is one natural key.
      const path =
        /^[\w.[\]-]+$/.test(key) && key.includes('.')
          ? key
              .split(/[.[\]]+/)
              .filter(Boolean)
              .map((part) => (/^\d+$/.test(part) ? Number(part) : part))
          : [key];
      entries.push({ path, source: key, value: match[2]! });
    }
  }
  return entries;
}

/** The entries of a request's instructions; a string holding a JSON object is read as one. */
export function parseInstructions(instructions: unknown): FillEntry[] {
  if (typeof instructions === 'string') {
    const trimmed = instructions.trim();
    if (trimmed.startsWith('{')) {
      try {
        const parsed: unknown = JSON.parse(trimmed);
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parseInstructions(parsed);
      } catch {
        // Not JSON after all: read it as text.
      }
    }
    return parseText(trimmed);
  }
  if (instructions && typeof instructions === 'object' && !Array.isArray(instructions)) {
    const entries: FillEntry[] = [];
    flatten(instructions, [], entries);
    return entries;
  }
  throw invalidRequest('instructions must be a non-empty string or a JSON object.', { field: 'instructions' });
}

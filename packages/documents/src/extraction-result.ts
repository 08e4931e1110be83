import { randomBytes } from 'node:crypto';
import { allowNulls, compileSchema, type JsonSchema } from './schema/json-schema.js';
import type { ExtractResult } from './types.js';

function getAt(root: unknown, pointer: string[]): unknown {
  return pointer.reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), root);
}

function setAt(root: unknown, pointer: string[], value: unknown): void {
  const parent = getAt(root, pointer.slice(0, -1));
  if (parent && typeof parent === 'object') (parent as Record<string, unknown>)[pointer.at(-1)!] = value;
}

/**
 * Makes the output valid against the schema apart from nulls: any value the schema
 * rejects (a format, a bound, a pattern) becomes null, i.e. "not found", rather than
 * being reported wrong. Likelihoods of such fields drop to 0.
 */
export function enforceSchema(parsed: Record<string, unknown>, likelihoods: Record<string, unknown>, schema: JsonSchema): void {
  const validate = compileSchema(allowNulls(schema));
  for (let round = 0; round < 5 && !validate(parsed); round += 1) {
    for (const error of validate.errors ?? []) {
      const pointer = error.instancePath
        .split('/')
        .slice(1)
        .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
      // An error on the root (additionalProperties: false, a missing key) cannot be fixed by nulls.
      if (pointer.length === 0) continue;
      setAt(parsed, pointer, null);
      setAt(likelihoods, pointer, 0);
    }
  }
}

/** Dotted paths of the null values (array items by index: `line_items.0.quantity`). */
export function missingPaths(value: unknown, prefix = ''): string[] {
  if (value === null) return prefix ? [prefix] : [];
  if (Array.isArray(value)) return value.flatMap((item, index) => missingPaths(item, `${prefix}.${index}`));
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([key, item]) => missingPaths(item, prefix ? `${prefix}.${key}` : key));
  }
  return [];
}

/** An id like the Retab API's: prefix + 21 URL-safe random characters. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(16).toString('base64url').slice(0, 21)}`;
}

/** Rough token count (about 4 characters per token for English text), for local usage figures. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Wraps an extraction in the chat-completion shape of `POST /v1/documents/extract`. */
export function extractionResponse(
  model: string,
  parsed: Record<string, unknown>,
  likelihoods: Record<string, unknown>,
  usage: ExtractResult['usage'],
): ExtractResult {
  const content = JSON.stringify(parsed);
  return {
    id: newId('extr'),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content, parsed }, finish_reason: 'stop' }],
    likelihoods,
    usage,
    missing_fields: missingPaths(parsed),
  };
}

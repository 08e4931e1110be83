import { createHash } from 'node:crypto';

/** Strings JSON writes as they are, between quotes: no quote, backslash, control or non-ASCII character. */
const PLAIN_JSON_STRING = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/**
 * The plain-JSON pieces a string stands for, when it stands for another (a data: URL decoded while
 * the body streamed in: its header, a comma and its base64, without building it as one string).
 */
export type StringExpansion = (value: string) => Iterable<string> | undefined;

/**
 * Writes the canonical JSON of `value` (object keys sorted at every level, undefined members left
 * out) piece by piece to `write`: equal values give equal text whatever the key order. Written in
 * pieces so that hashing a request with a multi-MB data: URL does not build a second copy of it;
 * a base64 payload needs no escaping, so it is written as it is rather than through JSON.stringify.
 */
export function writeCanonicalJson(value: unknown, write: (piece: string) => void, expand?: StringExpansion): void {
  const expanded = typeof value === 'string' ? expand?.(value) : undefined;
  if (expanded) {
    write('"');
    for (const piece of expanded) write(piece);
    write('"');
  } else if (Array.isArray(value)) {
    write('[');
    value.forEach((item, i) => {
      if (i > 0) write(',');
      writeCanonicalJson(item, write, expand);
    });
    write(']');
  } else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    write('{');
    let first = true;
    for (const key of Object.keys(record).sort()) {
      if (record[key] === undefined) continue;
      write(`${first ? '' : ','}${JSON.stringify(key)}:`);
      first = false;
      writeCanonicalJson(record[key], write, expand);
    }
    write('}');
  } else if (typeof value === 'string' && value.length > 256 && PLAIN_JSON_STRING.test(value)) {
    write('"');
    write(value);
    write('"');
  } else {
    // undefined (never in parsed JSON) writes nothing, as Array.prototype.join did for it.
    write(JSON.stringify(value) ?? '');
  }
}

/** The canonical JSON of `value` as one string (see writeCanonicalJson). */
export function canonicalJson(value: unknown, expand?: StringExpansion): string {
  const pieces: string[] = [];
  writeCanonicalJson(value, (piece) => pieces.push(piece), expand);
  return pieces.join('');
}

/** SHA-256 of the canonical JSON of a request body (what an Idempotency-Key is bound to). */
export function requestHash(value: unknown, expand?: StringExpansion): string {
  const hash = createHash('sha256');
  // Small pieces are gathered (one update per piece cost more than the hashing); large ones go straight in.
  let pending = '';
  writeCanonicalJson(
    value,
    (piece) => {
      if (piece.length >= 4096) {
        if (pending) hash.update(pending);
        pending = '';
        hash.update(piece);
        return;
      }
      pending += piece;
      if (pending.length >= 16_384) {
        hash.update(pending);
        pending = '';
      }
    },
    expand,
  );
  if (pending) hash.update(pending);
  return hash.digest('hex');
}

import { randomBytes } from 'node:crypto';
import type { Response } from 'express';

/** Strings at least this long are written to the socket as they are (see answerJson). */
const LARGE_STRING = 64 * 1024;
/** Strings JSON writes as they are between quotes (no quote, backslash, control or non-ASCII character). */
const PLAIN_JSON_STRING = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/**
 * Answers `body` as JSON, like `res.status(status).json(body)`, except that large plain strings
 * (an inline document's data: URL in a job's request) are written to the socket as they are
 * instead of being copied into one JSON text and then into one Buffer: a create with a 5 MB
 * document answers its 6.7 MB request, and those two copies were a third of what such a create
 * held in memory (test/bench README, "Memory"). Small answers take `res.json` unchanged (and
 * with it the response validation of the tests).
 */
export function answerJson(res: Response, status: number, body: unknown): void {
  if (!hasLargePlainString(body)) {
    res.status(status).json(body);
    return;
  }
  const large: string[] = [];
  // A marker no client can write into a request: random per answer.
  const marker = `jobs-large-${randomBytes(12).toString('hex')}-`;
  const text = JSON.stringify(body, (_key, value: unknown) => {
    if (isLargePlainString(value)) {
      large.push(value);
      return `${marker}${large.length - 1}`;
    }
    return value;
  });
  // Each marker sits in the text as a JSON string, `"<marker><i>"`: write the text around it, and the string itself.
  const pieces: { text: string; ascii: boolean }[] = [];
  let at = 0;
  for (let i = 0; i < large.length; i++) {
    const placeholder = `"${marker}${i}"`;
    const found = text.indexOf(placeholder, at);
    pieces.push({ text: `${text.slice(at, found)}"`, ascii: false }, { text: large[i]!, ascii: true });
    at = found + placeholder.length - 1;
  }
  pieces.push({ text: text.slice(at), ascii: false });
  res.status(status);
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Content-Length', pieces.reduce((n, p) => n + (p.ascii ? p.text.length : Buffer.byteLength(p.text, 'utf8')), 0));
  for (const piece of pieces.slice(0, -1)) res.write(piece.text, piece.ascii ? 'latin1' : 'utf8');
  res.end(pieces[pieces.length - 1]!.text, 'utf8');
}

const isLargePlainString = (value: unknown): value is string =>
  typeof value === 'string' && value.length >= LARGE_STRING && PLAIN_JSON_STRING.test(value);

/** Whether any string in a JSON value is one answerJson writes as it is (a walk: cheaper than stringifying twice). */
function hasLargePlainString(value: unknown): boolean {
  if (typeof value === 'string') return isLargePlainString(value);
  if (Array.isArray(value)) return value.some(hasLargePlainString);
  if (value !== null && typeof value === 'object') return Object.values(value).some(hasLargePlainString);
  return false;
}

import { randomBytes } from 'node:crypto';
import type { Response } from 'express';
import { dataUrlPieces, streamedValue, type StreamedDataUrl, type StreamedDataUrls } from '../blobs/dataUrls.js';

/** Strings at least this long are written to the socket as they are (see answerJson). */
const LARGE_STRING = 64 * 1024;
/** Strings JSON writes as they are between quotes (no quote, backslash, control or non-ASCII character). */
const PLAIN_JSON_STRING = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/**
 * Answers `body` as JSON, like `res.status(status).json(body)`, except that large plain strings
 * (an inline document's data: URL in a job's request) are written to the socket as they are, and
 * data: URLs decoded while the body streamed in (http/streamedDataUrls.ts) are answered from their
 * bytes a piece at a time, waiting for the socket: neither is copied into one JSON text and then
 * one Buffer (a create with a 5 MB document answers its 6.7 MB request). Small answers take
 * `res.json` unchanged (and with it the response validation of the tests).
 */
export async function answerJson(res: Response, status: number, body: unknown, streamed?: StreamedDataUrls): Promise<void> {
  const isLarge = (value: unknown): value is string => isLargePlainString(value) || (typeof value === 'string' && streamedValue(streamed, value) !== undefined);
  if (!hasLarge(body, isLarge)) {
    res.status(status).json(body);
    return;
  }
  const large: string[] = [];
  // A marker no client can write into a request: random per answer.
  const marker = `jobs-large-${randomBytes(12).toString('hex')}-`;
  const text = JSON.stringify(body, (_key, value: unknown) => {
    if (isLarge(value)) {
      large.push(value);
      return `${marker}${large.length - 1}`;
    }
    return value;
  });
  // Each marker sits in the text as a JSON string, `"<marker><i>"`: the answer is the text around
  // the markers, and in their place the strings (a streamed data: URL: its pieces, made as written).
  const segments: (string | StreamedDataUrl | { ascii: string })[] = [];
  let at = 0;
  for (let i = 0; i < large.length; i++) {
    const placeholder = `"${marker}${i}"`;
    const found = text.indexOf(placeholder, at);
    segments.push(text.slice(at, found + 1));
    segments.push(streamedValue(streamed, large[i]!) ?? { ascii: large[i]! });
    at = found + placeholder.length - 1;
  }
  segments.push(text.slice(at));
  const byteLength = (segment: (typeof segments)[number]) =>
    typeof segment === 'string'
      ? Buffer.byteLength(segment, 'utf8')
      : 'ascii' in segment
        ? segment.ascii.length
        : Buffer.byteLength(JSON.stringify(`${segment.header},`).slice(1, -1), 'utf8') + Math.ceil((segment.bytes?.length ?? 0) / 3) * 4;
  res.status(status);
  res.setHeader('Content-Type', 'application/json');
  res.setHeader(
    'Content-Length',
    segments.reduce((n, segment) => n + byteLength(segment), 0),
  );
  for (const segment of segments) {
    const pieces = typeof segment === 'string' ? [segment] : 'ascii' in segment ? [segment.ascii] : dataUrlPieces(segment);
    for (const piece of pieces) {
      // Backpressure: wait for the socket rather than queue the whole answer in memory.
      if (!res.write(piece, 'utf8')) await drained(res);
      if (res.destroyed) return;
    }
  }
  res.end();
}

/** Resolves once the response can take more (or is closed). */
function drained(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}

const isLargePlainString = (value: unknown): value is string => typeof value === 'string' && value.length >= LARGE_STRING && PLAIN_JSON_STRING.test(value);

/** Whether any string in a JSON value is one answerJson writes as it is (a walk: cheaper than stringifying twice). */
function hasLarge(value: unknown, isLarge: (value: unknown) => boolean): boolean {
  if (typeof value === 'string') return isLarge(value);
  if (Array.isArray(value)) return value.some((v) => hasLarge(v, isLarge));
  if (value !== null && typeof value === 'object') return Object.values(value).some((v) => hasLarge(v, isLarge));
  return false;
}

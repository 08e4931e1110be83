import { DocumentError } from '../errors.js';
import { normalizeMimeType } from './mime.js';

/** A decoded `data:` URL. */
export interface DecodedDataUrl {
  /** Normalised MIME type (lower case, no parameters); `text/plain` when the URL names none. */
  mimeType: string;
  bytes: Uint8Array;
}

function invalidDataUrl(message: string): DocumentError {
  return new DocumentError('invalid_data_url', message, 400);
}

/**
 * Decodes a `data:[<mime>][;params][;base64],<data>` URL. Throws a 400
 * `DocumentError` (`invalid_data_url`) naming what is wrong.
 */
export function parseDataUrl(url: string): DecodedDataUrl {
  if (!/^data:/i.test(url)) throw invalidDataUrl('The URL does not start with "data:".');
  const comma = url.indexOf(',');
  if (comma < 0) throw invalidDataUrl('The data URL has no "," before its data.');
  const header = url.slice(5, comma);
  const payload = url.slice(comma + 1);
  const params = header.split(';').map((part) => part.trim());
  const isBase64 = params.slice(1).some((part) => part.toLowerCase() === 'base64');
  const mimeType = params[0] ? normalizeMimeType(params[0]) : 'text/plain';
  if (!/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(mimeType)) {
    throw invalidDataUrl(`The data URL's MIME type "${params[0] ?? ''}" is not a valid type/subtype.`);
  }
  if (!isBase64) {
    try {
      return { mimeType, bytes: new TextEncoder().encode(decodeURIComponent(payload)) };
    } catch {
      throw invalidDataUrl('The data URL is not valid percent-encoded text.');
    }
  }
  // Buffer.from(base64) silently skips bad characters, so check the alphabet first.
  const compact = payload.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(compact)) {
    throw invalidDataUrl('The data URL is marked base64 but holds characters outside the base64 alphabet.');
  }
  if (compact.replace(/=+$/, '').length % 4 === 1) {
    throw invalidDataUrl('The data URL\'s base64 payload has an impossible length (truncated?).');
  }
  const bytes = Buffer.from(compact, compact.includes('-') || compact.includes('_') ? 'base64url' : 'base64');
  if (bytes.length === 0) throw invalidDataUrl('The data URL holds no data.');
  return { mimeType, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}

/** Encodes bytes as a base64 `data:` URL. */
export function toDataUrl(mimeType: string, bytes: Uint8Array): string {
  return `data:${mimeType};base64,${Buffer.from(bytes).toString('base64')}`;
}

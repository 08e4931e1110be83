/**
 * The one `data:` URL rule, for the engine and the server alike: `data:<type>/<subtype>[;params];base64,<data>`
 * with a MIME type, the `base64` flag and a non-empty payload in canonical base64 (the standard
 * alphabet, no whitespace, padding where due). Canonical, because a canonical payload re-encodes to
 * itself: the server stores large documents as bytes and must give the request back exactly as it
 * was submitted. A URL that breaks the rule is a 422 (`invalid_data_url`, `invalid_base64`);
 * the server adds the JSON path of the offending value to the details.
 */
import { unprocessableDocument, type DocumentError } from '../errors.js';
import { normalizeMimeType } from './mime.js';

/** A checked `data:` URL, not yet decoded. */
export interface DataUrlParts {
  /** Everything before the comma, as submitted, e.g. `data:application/pdf;base64`. */
  header: string;
  /** Normalised MIME type (lower case, no parameters, common aliases folded), e.g. `application/pdf`. */
  mimeType: string;
  /** The base64 payload. */
  base64: string;
}

/** A decoded `data:` URL. */
export interface DecodedDataUrl {
  /** Normalised MIME type (see {@link DataUrlParts.mimeType}). */
  mimeType: string;
  bytes: Uint8Array;
}

/** The codes a `data:` URL that breaks the rule fails with (status 422). */
export type DataUrlErrorCode = 'invalid_data_url' | 'invalid_base64';

function invalid(code: DataUrlErrorCode, message: string): DocumentError {
  return unprocessableDocument(code, message);
}

const NOT_BASE64 = /[^A-Za-z0-9+/=]/;
const MIME_TYPE = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/;

/**
 * Canonical base64: length a multiple of 4, the standard alphabet, '=' only as final padding.
 * Checked without a repeated group (`^(?:[A-Za-z0-9+/]{4})*…$`): V8 recurses per repetition of a
 * group and overflowed its stack on payloads above ~3 MB. This is linear.
 */
export function isCanonicalBase64(text: string): boolean {
  if (text.length % 4 !== 0 || NOT_BASE64.test(text)) return false;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const firstEquals = text.indexOf('=');
  return firstEquals === -1 || firstEquals === text.length - padding;
}

/**
 * Checks a data: URL's header (everything before the comma: `data:<type>[;params];base64`) and
 * answers its normalised MIME type. Split out so that a streaming reader can check the header
 * before the payload has arrived.
 */
export function checkDataUrlHeader(header: string): string {
  if (!header.startsWith('data:')) throw invalid('invalid_data_url', 'A data: URL must look like data:<mime type>;base64,<data>.');
  const params = header.slice('data:'.length).split(';');
  if (!params.slice(1).some((p) => p.trim().toLowerCase() === 'base64')) {
    throw invalid('invalid_data_url', 'Inline documents must be base64 data: URLs (data:<mime type>;base64,<data>).');
  }
  const mimeType = normalizeMimeType(params[0]!);
  if (!MIME_TYPE.test(mimeType)) throw invalid('invalid_data_url', `The data: URL has no valid MIME type (got "${params[0]}").`);
  return mimeType;
}

/** Checks a `data:` URL against the rule without decoding it; throws a 422 DocumentError naming what is wrong. */
export function splitDataUrl(url: string): DataUrlParts {
  const comma = url.startsWith('data:') ? url.indexOf(',') : -1;
  if (comma < 0) throw invalid('invalid_data_url', 'A data: URL must look like data:<mime type>;base64,<data>.');
  const header = url.slice(0, comma);
  const mimeType = checkDataUrlHeader(header);
  const base64 = url.slice(comma + 1);
  if (base64.length === 0) throw invalid('invalid_base64', 'The data: URL holds no data.');
  if (!isCanonicalBase64(base64)) throw invalid('invalid_base64', 'The data: URL payload is not valid base64.');
  return { header, mimeType, base64 };
}

/** Checks and decodes a `data:` URL (see {@link splitDataUrl}). */
export function parseDataUrl(url: string): DecodedDataUrl {
  const { mimeType, base64 } = splitDataUrl(url);
  const bytes = Buffer.from(base64, 'base64');
  return { mimeType, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}

/** Encodes bytes as a base64 `data:` URL. */
export function toDataUrl(mimeType: string, bytes: Uint8Array): string {
  return `data:${mimeType};base64,${Buffer.from(bytes).toString('base64')}`;
}

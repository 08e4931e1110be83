/**
 * Inline documents (`data:` URLs): parsing and checking them, moving large ones to the blob store
 * before a job is stored (`offloadDataUrls`), and putting them back when a client reads the request
 * (`restoreDataUrls`). A stored request holds `jobs-blob:sha256:<hex>#<data URL header>` in place of
 * each large data URL: the hash finds the bytes, the header restores the URL exactly as submitted.
 */
import type { BlobStore } from '../interfaces.js';

const BLOB_REF = /^jobs-blob:sha256:([0-9a-f]{64})#(.+)$/;
const DATA_URL = /^data:([^,]*?),/;
const NOT_BASE64 = /[^A-Za-z0-9+/=]/;

/**
 * Canonical base64 only (no whitespace, padding where due): such a string re-encodes to itself,
 * which is what lets a restored request equal the submitted one byte for byte. Checked without a
 * repeated group (`^(?:[A-Za-z0-9+/]{4})*…$`): V8 recurses per repetition of a group and overflowed
 * its stack ("Maximum call stack size exceeded", a 500) on payloads above ~3 MB; the bench's 5 MB
 * creates found it. This is linear: length, one character class, '=' only as the final padding.
 */
export function isCanonicalBase64(text: string): boolean {
  if (text.length % 4 !== 0 || NOT_BASE64.test(text)) return false;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const firstEquals = text.indexOf('=');
  return firstEquals === -1 || firstEquals === text.length - padding;
}

export interface DataUrl {
  /** Everything before the comma, e.g. `data:application/pdf;base64`. */
  header: string;
  /** The media type, lower-cased, without parameters (e.g. `application/pdf`). */
  mimeType: string;
  /** The base64 payload. */
  base64: string;
}

export class DataUrlError extends Error {
  override name = 'DataUrlError';
  constructor(
    readonly code: 'invalid_data_url' | 'invalid_base64',
    message: string,
  ) {
    super(message);
  }
}

/** Parses a base64 `data:` URL, checking that its payload is well-formed base64. */
export function parseDataUrl(url: string): DataUrl {
  const match = DATA_URL.exec(url);
  if (!match) throw new DataUrlError('invalid_data_url', 'A data: URL must look like data:<mime type>;base64,<data>.');
  const header = `data:${match[1]}`;
  const params = match[1]!.split(';');
  if (!params.slice(1).some((p) => p.toLowerCase() === 'base64')) {
    throw new DataUrlError('invalid_data_url', 'Inline documents must be base64 data: URLs (data:<mime type>;base64,<data>).');
  }
  const mimeType = params[0]!.trim().toLowerCase();
  if (!/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(mimeType)) {
    throw new DataUrlError('invalid_data_url', `The data: URL has no valid MIME type (got "${params[0]}").`);
  }
  const base64 = url.slice(match[0].length);
  if (base64.length === 0) throw new DataUrlError('invalid_base64', 'The data: URL holds no data.');
  if (!isCanonicalBase64(base64)) throw new DataUrlError('invalid_base64', 'The data: URL payload is not valid base64.');
  return { header, mimeType, base64 };
}


/** The bytes and MIME type behind a blob ref, or undefined if `url` is not one. */
export async function readBlobRef(blobs: BlobStore, url: string): Promise<{ bytes: Uint8Array; mimeType: string } | undefined> {
  const match = BLOB_REF.exec(url);
  if (!match) return undefined;
  const bytes = await blobs.get(match[1]!);
  if (!bytes) throw new Error(`blob ${match[1]} is missing from the blob store`);
  const header = decodeURIComponent(match[2]!);
  return { bytes, mimeType: header.slice('data:'.length).split(';')[0]!.toLowerCase() };
}

/** Calls `visit` on every string in a JSON value; `visit` may answer a replacement. */
async function mapStrings(value: unknown, visit: (s: string) => Promise<string>): Promise<unknown> {
  if (typeof value === 'string') return visit(value);
  if (Array.isArray(value)) return Promise.all(value.map((v) => mapStrings(v, visit)));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = await mapStrings(v, visit);
    return out;
  }
  return value;
}

/**
 * Moves every data: URL longer than `threshold` characters into the blob store and answers the
 * request with blob refs in their place, plus the hashes referenced. The input is not modified.
 */
export async function offloadDataUrls<T>(request: T, blobs: BlobStore, threshold: number): Promise<{ request: T; blobHashes: string[] }> {
  const blobHashes = new Set<string>();
  const mapped = await mapStrings(request, async (s) => {
    if (s.length <= threshold || !s.startsWith('data:')) return s;
    const { header, base64 } = parseDataUrl(s);
    const hash = await blobs.put(Buffer.from(base64, 'base64'));
    blobHashes.add(hash);
    return `jobs-blob:sha256:${hash}#${encodeURIComponent(header)}`;
  });
  return { request: mapped as T, blobHashes: [...blobHashes] };
}

/** Puts the data: URLs back in place of blob refs (the request as the client submitted it). */
export async function restoreDataUrls<T>(request: T, blobs: BlobStore): Promise<T> {
  return (await mapStrings(request, async (s) => {
    const match = BLOB_REF.exec(s);
    if (!match) return s;
    const bytes = await blobs.get(match[1]!);
    if (!bytes) throw new Error(`blob ${match[1]} is missing from the blob store`);
    return `${decodeURIComponent(match[2]!)},${Buffer.from(bytes).toString('base64')}`;
  })) as T;
}

/**
 * Large inline documents (`data:` URLs): moving them to the blob store before a job is stored
 * (`planOffload`, then `offloadDataUrls`) and putting them back when a client reads the request
 * (`restoreDataUrls`). A stored request holds `jobs-blob:sha256:<hex>#<data URL header>` in place
 * of each offloaded value: the hash finds the bytes, the header restores the URL exactly as
 * submitted, and the worker hands the ref to the engine, which reads the bytes through
 * `readBlobRef`.
 *
 * A client can write any string into a request, refs included, so a string is never taken for a
 * ref because of what it looks like: the job row keeps, beside the request, the JSON pointers of
 * the values the server offloaded (`RequestBlobs`), and only those are restored. A forged ref
 * elsewhere is given back as the text it is. The rule for a data: URL is the engine's
 * (`splitDataUrl` in @jobs-api/documents), with the JSON path of the value added to its 422.
 */
import { splitDataUrl } from '@jobs-api/documents/api';
import { ApiProblem, asApiProblem, unprocessable } from '../errors.js';
import type { BlobStore, RequestBlobs } from '../interfaces.js';

const BLOB_REF = /^jobs-blob:sha256:([0-9a-f]{64})#(.+)$/;

/** A streamed data: URL: its header and bytes, or why its payload breaks the rule. */
export interface StreamedDataUrl {
  /** Everything before the comma, as submitted (JSON escapes undone). */
  header: string;
  bytes?: Buffer;
  /** Set when the payload is not canonical base64 (the request checks answer the 422). */
  error?: { code: 'invalid_base64'; message: string };
}

/** Placeholder → streamed value, for one request. */
export type StreamedDataUrls = Map<string, StreamedDataUrl>;

/** The streamed value a string stands for, if it is one of this request's placeholders. */
export function streamedValue(streamed: StreamedDataUrls | undefined, value: string): StreamedDataUrl | undefined {
  return streamed && value.length < 4096 ? streamed.get(value) : undefined;
}

/** The base64 of bytes in pieces (each a multiple of 3 bytes, so the pieces join into the canonical text). */
export function* base64Pieces(bytes: Uint8Array, pieceBytes = 48 * 1024): Generator<string> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 0; at < buffer.length; at += pieceBytes) yield buffer.toString('base64', at, Math.min(buffer.length, at + pieceBytes));
}

/**
 * The data: URL a streamed value stands for, as the pieces of its JSON string's text (without the
 * quotes): its header and comma (escaped as JSON), then its base64 (for hashing and answering it
 * without building it as one string).
 */
export function* dataUrlPieces(value: StreamedDataUrl): Generator<string> {
  yield JSON.stringify(`${value.header},`).slice(1, -1);
  if (value.bytes) yield* base64Pieces(value.bytes);
}

/** The document a streamed value stands for, as the engine reads one (undefined: not a placeholder, or refused). */
export function streamedDocument(streamed: StreamedDataUrls | undefined, url: string): { bytes: Uint8Array; mimeType: string } | undefined {
  const value = streamedValue(streamed, url);
  if (!value?.bytes) return undefined;
  return { bytes: value.bytes, mimeType: value.header.slice('data:'.length).split(';')[0]!.trim().toLowerCase() };
}

/** The full data: URL a streamed value stands for (only for the rare paths that need it as one string). */
export function fullDataUrl(value: StreamedDataUrl): string {
  return `${value.header},${value.bytes ? value.bytes.toString('base64') : ''}`;
}

/** The ref a stored request holds in place of an offloaded data: URL. */
export function blobRef(hash: string, header: string): string {
  return `jobs-blob:sha256:${hash}#${encodeURIComponent(header)}`;
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

/** A JSON Pointer (RFC 6901) segment. */
const pointerSegment = (key: string | number) => String(key).replaceAll('~', '~0').replaceAll('/', '~1');
const segmentsOf = (pointer: string) =>
  pointer
    .split('/')
    .slice(1)
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));

/** One data: URL to move to the blob store: where it is in the request, its header and its bytes (or base64). */
export interface OffloadCandidate {
  /** JSON Pointer into the request, e.g. `/document/url`. */
  pointer: string;
  header: string;
  /** The payload, decoded while the body streamed in (see http/streamedDataUrls.ts)… */
  bytes?: Buffer;
  /** …or as submitted. */
  base64?: string;
}

/**
 * Finds every data: URL longer than `threshold` characters in a request (and every one decoded
 * while the body streamed in) and checks it, before anything is written: one that breaks the rule
 * is a 422 naming its path (`/body/request/…`), so a rejected request stores nothing, blobs included.
 */
export function planOffload(request: unknown, threshold: number, streamed?: StreamedDataUrls, at = '/body/request'): OffloadCandidate[] {
  const found: OffloadCandidate[] = [];
  const visit = (value: unknown, pointer: string): void => {
    if (typeof value === 'string') {
      const decoded = streamedValue(streamed, value);
      if (decoded) {
        if (decoded.error) throw unprocessable(decoded.error.code, decoded.error.message, { path: `${at}${pointer}` });
        found.push({ pointer, header: decoded.header, bytes: decoded.bytes! });
        return;
      }
      if (value.length <= threshold || !value.startsWith('data:')) return;
      try {
        const { header, base64 } = splitDataUrl(value);
        found.push({ pointer, header, base64 });
      } catch (error) {
        const problem = asApiProblem(error);
        if (!problem) throw error;
        throw new ApiProblem(problem.status, problem.code, problem.message, { ...problem.details, path: `${at}${pointer}` });
      }
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => visit(v, `${pointer}/${i}`));
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) visit(v, `${pointer}/${pointerSegment(k)}`);
    }
  };
  visit(request, '');
  return found;
}

/** The request with `value` at `pointer`, copying only the objects on the way (the input is not modified). */
function withValueAt(root: unknown, segments: string[], value: unknown): unknown {
  if (segments.length === 0) return value;
  const [head, ...rest] = segments as [string, ...string[]];
  if (Array.isArray(root)) {
    const copy = [...root];
    copy[Number(head)] = withValueAt(root[Number(head)], rest, value);
    return copy;
  }
  const record = root as Record<string, unknown>;
  // defineProperty, so that a key named "__proto__" stays a key.
  const copy = Object.defineProperties({}, Object.getOwnPropertyDescriptors(record)) as Record<string, unknown>;
  Object.defineProperty(copy, head, { value: withValueAt(record[head], rest, value), enumerable: true, writable: true, configurable: true });
  return copy;
}

function valueAt(root: unknown, segments: string[]): unknown {
  let node = root;
  for (const segment of segments) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, segment)) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

/**
 * Writes the planned data: URLs to the blob store and answers the request as stored (refs in their
 * place), the hashes it references and the pointers of the refs. The input is not modified.
 */
export async function offloadDataUrls<T>(
  request: T,
  candidates: OffloadCandidate[],
  blobs: BlobStore,
): Promise<{ request: T; blobHashes: string[]; blobPaths: string[] }> {
  let stored: unknown = request;
  const blobHashes = new Set<string>();
  for (const { pointer, header, bytes, base64 } of candidates) {
    const hash = await blobs.put(bytes ?? Buffer.from(base64!, 'base64'));
    blobHashes.add(hash);
    stored = withValueAt(stored, segmentsOf(pointer), blobRef(hash, header));
  }
  return { request: stored as T, blobHashes: [...blobHashes], blobPaths: candidates.map((c) => c.pointer) };
}

/** What `restoreDataUrls` answers: the request as submitted, and the pointers whose bytes are gone. */
export interface RestoredRequest<T> {
  request: T;
  /** Pointers of offloaded values whose blob is missing (answered as null). */
  missing: string[];
}

/**
 * Puts the data: URLs back in place of the refs the server wrote (the request as the client
 * submitted it). Only the values at `positions` are read as refs. A blob that is gone (deleted by
 * hand, or a store restored from an older backup) fails closed: the value becomes null and its
 * pointer is reported in `missing`, rather than failing the read.
 */
export async function restoreDataUrls<T>(request: T, positions: RequestBlobs | null | undefined, blobs: BlobStore): Promise<RestoredRequest<T>> {
  let restored: unknown = request;
  const missing: string[] = [];
  const pointers = positions && 'paths' in positions ? positions.paths : positions && 'hashes' in positions ? legacyRefPointers(request, positions.hashes) : [];
  for (const pointer of pointers) {
    const segments = segmentsOf(pointer);
    const ref = BLOB_REF.exec(String(valueAt(restored, segments)));
    const bytes = ref ? await blobs.get(ref[1]!) : undefined;
    if (!ref || !bytes) missing.push(pointer);
    const value = ref && bytes ? `${decodeURIComponent(ref[2]!)},${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')}` : null;
    restored = withValueAt(restored, segments, value);
  }
  return { request: restored as T, missing };
}

/**
 * Rows stored before the server recorded pointers (migration 041) list the hashes the job
 * offloaded instead: a ref counts only when it names one of those, so a forged ref to another
 * organization's blob stays text there too.
 */
function legacyRefPointers(request: unknown, hashes: string[]): string[] {
  const own = new Set(hashes);
  const found: string[] = [];
  const visit = (value: unknown, pointer: string): void => {
    if (typeof value === 'string') {
      const ref = BLOB_REF.exec(value);
      if (ref && own.has(ref[1]!)) found.push(pointer);
    } else if (Array.isArray(value)) value.forEach((v, i) => visit(v, `${pointer}/${i}`));
    else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(v, `${pointer}/${pointerSegment(k)}`);
  };
  visit(request, '');
  return found;
}

/**
 * The document engine and the form engine as the server sees them: every call runs in the
 * sandbox pool, never in this process. Documents cross as files, not as IPC payloads: a large
 * `data:` URL is written to a temp file as it is, a blob ref is resolved here (the blob store is
 * the server's) and its bytes written to one; the sandbox reads and decodes them itself.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DocumentEngine, EngineCallOptions, FormCallOptions, FormEngine, ModelRoute, ResolveDocument } from '@jobs-api/documents/api';
import type { DocumentTools } from '../endpoints/types.js';
import type { BlobStore } from '../interfaces.js';
import type { EnginePool } from './pool.js';
import { SANDBOX_FILE_SCHEME, type SandboxFile, type SandboxMethod } from './protocol.js';

/** Data URLs up to this size cross inline: a temp file costs more than 64 KB of IPC. */
const INLINE_DATA_URL_CHARS = 64 * 1024;

interface DocumentRefLike {
  filename?: string;
  url: string;
}

/** Removes the temp files of a call (not borrowed blob files). */
function removeFiles(files: SandboxFile[]): Promise<unknown> {
  return Promise.all(files.filter((file) => !file.borrowed).map((file) => rm(file.path, { force: true })));
}

/** The sandboxed engines and the temp folder their documents pass through. */
export interface SandboxedEngines {
  engine: DocumentEngine;
  forms: FormEngine;
  documentTools: DocumentTools;
  close(): Promise<void>;
}

// The blob-ref format of blobs/dataUrls.ts (`jobs-blob:sha256:<hash>#<encoded data: header>`).
const BLOB_REF = /^jobs-blob:sha256:([0-9a-f]{64})#(.+)$/;

export function createSandboxedEngines(pool: EnginePool, modelMap: Record<string, ModelRoute>, blobs: BlobStore): SandboxedEngines {
  const folder = mkdtempSync(join(tmpdir(), 'jobs-api-engine-'));
  const isKnownModel = (name: string) => Object.hasOwn(modelMap, name) || name.startsWith('retab-');

  /** Hands documents over as files; answers the rewritten ref and records the file. */
  async function handOver(ref: DocumentRefLike, files: SandboxFile[], resolve: ResolveDocument | undefined): Promise<DocumentRefLike> {
    if (typeof ref?.url !== 'string') return ref;
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(ref.url)?.[1]?.toLowerCase();
    let file: SandboxFile | undefined;
    // A data: URL may stand for a document decoded while the body streamed in (a placeholder the
    // request's resolver knows): its bytes cross as a file like any resolved document.
    const streamed = scheme === 'data' && resolve && ref.url.length <= INLINE_DATA_URL_CHARS ? await resolve(ref.url) : undefined;
    if (streamed) {
      file = { path: join(folder, randomBytes(8).toString('hex')), kind: 'bytes', mimeType: streamed.mimeType };
      await writeFile(file.path, streamed.bytes);
    } else if (scheme === 'data') {
      if (ref.url.length <= INLINE_DATA_URL_CHARS) return ref;
      file = { path: join(folder, randomBytes(8).toString('hex')), kind: 'data-url' };
      await writeFile(file.path, ref.url, 'latin1');
    } else if (scheme !== 'https' && scheme !== 'http' && (file = await blobFile(ref.url))) {
      // A blob that is a file here: the sandbox reads it in place, no copy through this process.
    } else if (scheme !== 'https' && scheme !== 'http' && resolve) {
      const resolved = await resolve(ref.url);
      if (!resolved) return ref; // the sandbox reports it as document_not_found
      file = { path: join(folder, randomBytes(8).toString('hex')), kind: 'bytes', mimeType: resolved.mimeType };
      await writeFile(file.path, resolved.bytes);
    }
    if (!file) return ref;
    files.push(file);
    return { ...ref, url: `${SANDBOX_FILE_SCHEME}${files.length - 1}` };
  }

  /** The blob behind a blob ref as a file the sandbox may read (never deleted after the call), or undefined. */
  async function blobFile(url: string): Promise<SandboxFile | undefined> {
    const match = BLOB_REF.exec(url);
    if (!match || !blobs.pathOf) return undefined;
    const path = blobs.pathOf(match[1]!);
    if (!(await stat(path).catch(() => undefined))) return undefined;
    return { path, kind: 'bytes', mimeType: decodeURIComponent(match[2]!).slice('data:'.length).split(';')[0]!.toLowerCase(), borrowed: true };
  }

  /** The request with its `document` and `documents[]` handed over. */
  async function handOverRequest<R extends object>(request: R, files: SandboxFile[], resolve: ResolveDocument | undefined): Promise<R> {
    const copy: Record<string, unknown> = { ...(request as Record<string, unknown>) };
    if (copy.document && typeof copy.document === 'object') copy.document = await handOver(copy.document as DocumentRefLike, files, resolve);
    if (Array.isArray(copy.documents)) {
      copy.documents = await Promise.all(copy.documents.map((d: unknown) => (d && typeof d === 'object' ? handOver(d as DocumentRefLike, files, resolve) : d)));
    }
    return copy as R;
  }

  async function call<T>(method: SandboxMethod, files: SandboxFile[], args: unknown[], signal: AbortSignal): Promise<T> {
    try {
      return await pool.run<T>(method, args, files, signal);
    } finally {
      await removeFiles(files);
    }
  }

  function requestCall<R extends object, T>(method: SandboxMethod) {
    return async (request: R, options: EngineCallOptions | FormCallOptions): Promise<T> => {
      const files: SandboxFile[] = [];
      try {
        const handed = await handOverRequest(request, files, options.resolveDocument);
        return await call<T>(method, files, [handed], options.signal);
      } catch (error) {
        await removeFiles(files);
        throw error;
      }
    };
  }

  const engine: DocumentEngine = {
    parse: requestCall('parse'),
    extract: requestCall('extract'),
    classify: requestCall('classify'),
    split: requestCall('split'),
    generateSchema: requestCall('generateSchema'),
    isKnownModel,
    close: async () => undefined,
  };

  const forms: FormEngine = {
    generate: requestCall('formGenerate'),
    fill: requestCall('formFill'),
    async infer(document, options) {
      const files: SandboxFile[] = [];
      const handed = await handOver(document, files, options.resolveDocument);
      return call('formInfer', files, [handed], options.signal);
    },
    async fillTemplate(template, request, options) {
      const file: SandboxFile = { path: join(folder, randomBytes(8).toString('hex')), kind: 'bytes', mimeType: 'application/pdf' };
      await writeFile(file.path, template.bytes);
      const ref = { filename: template.filename, fields: template.fields, url: `${SANDBOX_FILE_SCHEME}0` };
      return call('formFillTemplate', [file], [ref, request], options.signal);
    },
    async checkDocument(document) {
      const files: SandboxFile[] = [];
      const handed = await handOver(document, files, undefined);
      // A create-time check: bounded by the step deadline like any call, never cancelled.
      return call('formCheckDocument', files, [handed], new AbortController().signal);
    },
    isKnownModel,
  };

  const documentTools: DocumentTools = {
    async selectPdfPages(pdf, pages, signal) {
      const file: SandboxFile = { path: join(folder, randomBytes(8).toString('hex')), kind: 'bytes', mimeType: 'application/pdf' };
      await writeFile(file.path, pdf);
      return call('selectPdfPages', [file], [{ url: `${SANDBOX_FILE_SCHEME}0` }, pages], signal);
    },
  };

  return {
    engine,
    forms,
    documentTools,
    async close() {
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

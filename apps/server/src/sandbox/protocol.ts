/**
 * The messages between the server and its engine sandboxes (child processes, `advanced`
 * serialization so byte arrays cross as bytes). One call at a time per sandbox.
 */
import type { DocumentLimits, ModelRoute } from '@jobs-api/documents/api';
import type { SandboxSpanData } from '../observability/tracing.js';

/** What a sandbox is started with (passed in its environment as JSON). */
export interface SandboxInit {
  modelMap: Record<string, ModelRoute>;
  fetchAllowHttp: boolean;
  fetchAllowPrivateNetworks: boolean;
  limits: DocumentLimits;
  /** Tesseract workers per sandbox, created on first use and kept (each ~300 MB). */
  ocrWorkers: number;
  /** CPU niceness of the sandbox: it yields the cores to the process that answers HTTP. */
  nice: number;
  /** Test-only fault injection (see sandbox/faults.ts); unset in production. */
  faultDir?: string | undefined;
  /** The server traces: the sandbox loads its tracer (sandbox/childTracing.ts) and sends its spans back. */
  tracing?: boolean;
}

/**
 * The span a call runs under (the server's `engine <method>` span), sent with the call when the
 * server traces: the span context itself rather than a propagator's headers, so it does not depend
 * on `OTEL_PROPAGATORS`.
 */
export interface CallTrace {
  traceId: string;
  spanId: string;
  traceFlags: number;
  /** The job the call works for, put on every span of the call. */
  jobId?: string | undefined;
}

/** The engine operations a sandbox runs. */
export type SandboxMethod =
  | 'parse'
  | 'extract'
  | 'classify'
  | 'split'
  | 'generateSchema'
  | 'formGenerate'
  | 'formFill'
  | 'formFillTemplate'
  | 'formInfer'
  | 'formCheckDocument'
  | 'selectPdfPages';

/**
 * A document handed over as a file rather than inline: a `data:` URL's text, or bytes the server
 * resolved (an offloaded blob). The request names it `jobs-sandbox-file:<index>`.
 */
export interface SandboxFile {
  path: string;
  kind: 'data-url' | 'bytes';
  /** For `bytes`: the document's MIME type. */
  mimeType?: string;
  /** A file the server owns (a blob): read in place, never removed after the call. */
  borrowed?: boolean;
}

export const SANDBOX_FILE_SCHEME = 'jobs-sandbox-file:';

export type ParentMessage =
  { type: 'call'; id: number; method: SandboxMethod; args: unknown[]; files: SandboxFile[]; trace?: CallTrace | undefined } | { type: 'abort'; id: number };

/** An error as it crosses back: the engine's DocumentError fields when it was one. */
export interface SandboxErrorData {
  name: string;
  message: string;
  code?: string;
  status?: number;
  retryable?: boolean;
  details?: Record<string, unknown>;
}

export type ChildMessage =
  | { type: 'ready' }
  /** A span the sandbox finished (only when the server traces). */
  | { type: 'span'; span: SandboxSpanData }
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; error: SandboxErrorData; aborted?: boolean };

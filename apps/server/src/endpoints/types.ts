/**
 * What a target-endpoint handler is. The synchronous route and the job runner call the very same
 * handler: the route answers its result directly, the runner records it as the job's response.
 */
import type { JobEndpoint, JobRequestFor, JobResultFor } from '@jobs-api/api-types';
import type { Logger } from 'pino';

/** Engine operations besides the endpoints' own, run where documents are read (the sandboxes). */
export interface DocumentTools {
  /** A PDF holding only `pages` (1-based) of `pdf`; the engine's 422/400 errors for unreadable PDFs or pages out of range. */
  selectPdfPages(pdf: Uint8Array, pages: readonly number[], signal: AbortSignal): Promise<Uint8Array>;
}

export interface EndpointContext {
  /** Fires when the job is cancelled, its lease is lost, its attempt times out, or the HTTP client goes away. */
  signal: AbortSignal;
  organizationId: string;
  /** Set when running as a job. */
  jobId?: string;
  /** The bytes behind a document URL the engine cannot read itself (blob refs of offloaded data: URLs). */
  resolveDocument(url: string): Promise<{ bytes: Uint8Array; mimeType: string } | undefined>;
  logger: Logger;
}

export interface EndpointDefinition<E extends JobEndpoint = JobEndpoint> {
  endpoint: E;
  /**
   * Runs the endpoint and answers its 200 body. Any other outcome is thrown: an ApiProblem (or a
   * DocumentError from the engine) with its status; 4xx fails a job at once, retryable errors retry it.
   */
  handle(request: JobRequestFor<E>, ctx: EndpointContext): Promise<JobResultFor<E>>;
  /** MIME types accepted for inline documents (checked at create), or undefined when any is. */
  acceptedMimeTypes?: readonly string[];
  /** Checks references (templates, projects) at create time; throws an ApiProblem (404/422). */
  checkReferences?(request: JobRequestFor<E>, organizationId: string): Promise<void>;
}

/** One definition per target endpoint (a compile error if one is missing). */
export type EndpointRegistry = { [E in JobEndpoint]: EndpointDefinition<E> };

/**
 * Running one step per document of an eval: a bounded number at a time, cancellation honoured
 * between documents (none starts once the signal fired) and during them (the signal is passed
 * to every engine call), and a document that fails reported with its error instead of failing
 * the whole eval.
 */
import type { ErrorCode, JobError } from '@jobs-api/api-types';
import { defaultOcrPoolSize } from '@jobs-api/documents/api';
import type { Logger } from 'pino';
import { ApiProblem, asApiProblem } from '../../errors.js';

/**
 * Documents evaluated at once. Scanned documents are OCR'd by the engine's pool (one worker per
 * core, memory allowing), so more lanes than OCR workers would only queue inside the engine while
 * holding their documents in memory; at least one, at most four (the pool's own cap).
 */
export function evalConcurrency(): number {
  return Math.max(1, Math.min(4, defaultOcrPoolSize()));
}

/** A document's step: its value, or why it failed. */
export type DocumentOutcome<R> = { ok: true; value: R } | { ok: false; error: JobError; retryable: boolean };

function documentError(error: unknown): { error: JobError; retryable: boolean } {
  const problem = asApiProblem(error);
  if (!problem) return { error: { code: 'internal_error', message: 'The document could not be evaluated.', details: { status_code: 500 } }, retryable: true };
  return {
    error: { code: problem.code, message: problem.message, details: { ...problem.details, status_code: problem.status } },
    retryable: problem.retryable,
  };
}

/**
 * Runs `step` over `items` with at most `concurrency` in flight; answers the results in order or
 * rejects with the first error. When `signal` fires no further item starts, and the abort error
 * is thrown only once the running steps have settled (they were given the same signal), so
 * nothing keeps running after the caller returns.
 */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  options: { signal: AbortSignal; concurrency: number },
  step: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const { signal } = options;
  const results = new Array<R>(items.length);
  let next = 0;
  async function lane(): Promise<void> {
    for (;;) {
      signal.throwIfAborted();
      const index = next++;
      if (index >= items.length) return;
      results[index] = await step(items[index]!, index);
    }
  }
  const lanes = await Promise.allSettled(Array.from({ length: Math.min(options.concurrency, items.length) }, lane));
  const failed = lanes.find((lane): lane is PromiseRejectedResult => lane.status === 'rejected');
  if (failed) throw signal.aborted ? signal.reason : failed.reason;
  return results;
}

/**
 * {@link mapConcurrently} for the documents of an eval: one outcome per document, in order; a
 * document's own failure becomes its outcome, only cancellation stops the eval.
 */
export function runDocuments<T, R>(
  items: readonly T[],
  options: { signal: AbortSignal; concurrency: number; logger: Logger; describe: (item: T) => Record<string, unknown> },
  step: (item: T, index: number) => Promise<R>,
): Promise<DocumentOutcome<R>[]> {
  return mapConcurrently(items, options, async (item, index): Promise<DocumentOutcome<R>> => {
    try {
      return { ok: true, value: await step(item, index) };
    } catch (error) {
      if (options.signal.aborted) throw error;
      const failure = documentError(error);
      if (asApiProblem(error)) options.logger.info({ code: failure.error.code, ...options.describe(item) }, 'eval document failed');
      else options.logger.error({ err: error, ...options.describe(item) }, 'eval document failed unexpectedly');
      return { ok: false, ...failure };
    }
  });
}

/**
 * An eval whose every document failed for a transient reason (the model provider is down, a
 * timeout) has measured nothing: it fails retryably, so the job runs again later, instead of
 * completing with a result of nothing but errors.
 */
export function failIfAllTransient(outcomes: ReadonlyArray<DocumentOutcome<unknown>>): void {
  if (outcomes.length === 0 || !outcomes.every((outcome) => !outcome.ok && outcome.retryable)) return;
  const first = outcomes[0] as Extract<DocumentOutcome<unknown>, { ok: false }>;
  const { status_code: status, ...details } = (first.error.details ?? {}) as { status_code?: number };
  throw new ApiProblem(
    typeof status === 'number' ? status : 500,
    // A document's error came from an ApiProblem or a DocumentError, whose codes are catalogued.
    first.error.code as ErrorCode,
    `Every document of the eval failed; the first: ${first.error.message}`,
    details,
    true,
  );
}

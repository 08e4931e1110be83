/**
 * How a sandboxed call fails: the engine's own errors come back with their code and status; a
 * sandbox that died under a call (or was killed for a limit) is a SandboxLostError.
 */
import { ApiProblem } from '../errors.js';
import type { SandboxErrorData } from './protocol.js';

/** Why a sandbox ended: our kills (cancelled, step_timeout, memory, shutdown) or its own death (crashed, out_of_memory). */
export type KillCause = 'cancelled' | 'step_timeout' | 'memory' | 'crashed' | 'out_of_memory' | 'shutdown';

const WHY: Record<KillCause, string> = {
  cancelled: 'the call was cancelled',
  step_timeout: 'the document took longer than the engine step deadline',
  memory: 'the document took more memory than the engine sandbox may use',
  out_of_memory: 'the document exhausted the engine sandbox heap',
  crashed: 'the engine sandbox crashed while reading the document',
  shutdown: 'the server shut down',
};

/**
 * The sandbox running the call died or was killed for a limit. On a synchronous route it is a 422
 * `resource_exhausted`; a job's attempt is retried once (the crash may have been transient),
 * then fails with it (runAttempt).
 */
export class SandboxLostError extends ApiProblem {
  constructor(readonly killCause: KillCause) {
    super(422, 'resource_exhausted', `The document could not be processed: ${WHY[killCause]}.`, { cause: killCause }, false);
  }
}

/** The error a sandbox reported, rebuilt with its code and status (asApiProblem reads them). */
export function sandboxError(data: SandboxErrorData): Error {
  const error = new Error(data.message) as Error & Partial<SandboxErrorData>;
  error.name = data.name;
  if (data.code !== undefined) error.code = data.code;
  if (data.status !== undefined) error.status = data.status;
  if (data.retryable !== undefined) error.retryable = data.retryable;
  if (data.details !== undefined) error.details = data.details;
  return error;
}

/**
 * Delay before retrying attempt `attempt` (1-based) after a transient failure: exponential, capped,
 * with jitter over the upper half so retries of jobs that failed together spread out.
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

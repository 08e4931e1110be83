/**
 * Small helpers over AbortSignal that also run in browsers without `AbortSignal.any` (Safari < 17.4).
 */

/** Why a signal was aborted: its `reason`, or a DOMException named `AbortError` where runtimes leave it unset. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/**
 * A controller that aborts (with the parent's reason) when `parent` does. Call `unlink` when done,
 * so that a long-lived parent signal does not keep every child's listener alive.
 */
export function linkedAbortController(parent: AbortSignal | null | undefined): { controller: AbortController; unlink: () => void } {
  const controller = new AbortController();
  if (!parent) return { controller, unlink: () => {} };
  if (parent.aborted) {
    controller.abort(abortReason(parent));
    return { controller, unlink: () => {} };
  }
  const onAbort = () => controller.abort(abortReason(parent));
  parent.addEventListener('abort', onAbort, { once: true });
  return { controller, unlink: () => parent.removeEventListener('abort', onAbort) };
}

/** Resolves after `ms` milliseconds; rejects with the signal's reason as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Live updates: the one place that decides *when* a view reloads. Views say what they watch
 * (`subscribe({kind: 'job', jobId}, reload)`) and reload whenever they are told to; they never
 * set timers of their own. Today the signal is a timer (the API has no event stream yet); an
 * event-stream source replaces `subscribe` here, and no view changes.
 */
import { useEffect, useRef } from 'react';

/** What a view watches. */
export type LiveScope = { kind: 'overview' } | { kind: 'jobs' } | { kind: 'job'; jobId: string };

/**
 * Poll intervals. A job page polls fastest (someone is watching that one job); the overview makes
 * up to ~45 list calls per refresh (see overview/), so it polls least often.
 */
const POLL_INTERVAL_MS: Record<LiveScope['kind'], number> = { job: 2_000, jobs: 3_000, overview: 10_000 };

/** Calls `onChange` whenever what `scope` covers may have changed; answers the unsubscribe. */
export function subscribe(scope: LiveScope, onChange: () => void): () => void {
  // A hidden tab does not poll; it catches up as soon as it is shown again.
  const tick = () => {
    if (document.visibilityState === 'visible') onChange();
  };
  const onVisible = () => {
    if (document.visibilityState === 'visible') onChange();
  };
  const timer = window.setInterval(tick, POLL_INTERVAL_MS[scope.kind]);
  document.addEventListener('visibilitychange', onVisible);
  return () => {
    window.clearInterval(timer);
    document.removeEventListener('visibilitychange', onVisible);
  };
}

/** {@link subscribe} for a component: `reload` is always the latest one passed. */
export function useLiveUpdates(scope: LiveScope, reload: () => void): void {
  const latest = useRef(reload);
  latest.current = reload;
  const key = scope.kind === 'job' ? `job:${scope.jobId}` : scope.kind;
  useEffect(() => subscribe(scope, () => latest.current()), [key]);
}

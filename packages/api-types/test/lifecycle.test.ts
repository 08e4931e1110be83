/**
 * The status sets derived from the transition table, spelled out once as the lifecycle in
 * docs/architecture.md describes it: a change to the table that moves one of them shows here.
 */
import { describe, expect, it } from 'vitest';
import {
  ACTIVE_JOB_STATUSES,
  CANCELLABLE_JOB_STATUSES,
  canTransition,
  EXPIRABLE_JOB_STATUSES,
  isTerminalStatus,
  JOB_STATUSES,
  RETRYABLE_JOB_STATUSES,
  TERMINAL_JOB_STATUSES,
  transitionAction,
} from '../src/index.js';

describe('job lifecycle', () => {
  it.each([
    ['terminal', TERMINAL_JOB_STATUSES, ['completed', 'failed', 'cancelled', 'expired']],
    ['active', ACTIVE_JOB_STATUSES, ['validating', 'queued', 'in_progress']],
    ['cancellable', CANCELLABLE_JOB_STATUSES, ['validating', 'queued', 'in_progress']],
    ['retryable', RETRYABLE_JOB_STATUSES, ['failed', 'cancelled', 'expired']],
    ['expirable', EXPIRABLE_JOB_STATUSES, ['validating', 'queued', 'in_progress']],
  ])('%s statuses', (_name, derived, want) => {
    expect([...derived]).toEqual(want);
  });

  it('terminal and active partition the statuses', () => {
    expect([...TERMINAL_JOB_STATUSES, ...ACTIVE_JOB_STATUSES].sort()).toEqual([...JOB_STATUSES].sort());
    for (const s of JOB_STATUSES) expect(isTerminalStatus(s)).toBe(TERMINAL_JOB_STATUSES.includes(s as never));
  });

  it('names each edge by its action and has no other edges', () => {
    expect(transitionAction('queued', 'in_progress')).toBe('claim');
    expect(transitionAction('in_progress', 'queued')).toBe('requeue');
    expect(transitionAction('failed', 'queued')).toBe('retry');
    expect(canTransition('completed', 'queued')).toBe(false);
    expect(transitionAction('completed', 'queued')).toBeUndefined();
  });
});

/**
 * The dashboard's Cancel/Retry rules (src/jobs/transitions.ts) against the server's transition
 * table, for every status: the page must never offer what the API refuses, nor hide what it allows.
 */
import { JOB_STATUSES } from '@jobs-api/api-types';
import { TERMINAL_JOB_STATUSES } from '@jobs-api/client';
import { canTransition } from '@jobs-api/server';
import { describe, expect, it } from 'vitest';
import { canCancel, canRetry } from '../src/jobs/transitions.js';

const terminal = (status: string) => (TERMINAL_JOB_STATUSES as readonly string[]).includes(status);

describe.each(JOB_STATUSES)('a %s job', (status) => {
  it('offers Cancel exactly when the server can cancel it', () => {
    expect(canCancel(status)).toBe(canTransition(status, 'cancelled'));
  });

  it('offers Retry exactly when the server can put it back in the queue from a terminal status', () => {
    // in_progress → queued is the worker's own requeue after a transient failure, not a retry.
    expect(canRetry(status)).toBe(terminal(status) && canTransition(status, 'queued'));
  });
});

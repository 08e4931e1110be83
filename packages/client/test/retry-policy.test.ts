import { describe, expect, it } from 'vitest';
import { backoffDelayMs, isRetryableStatus, parseRetryAfter, retryDelayMs } from '../src/retry-policy.js';

describe('isRetryableStatus', () => {
  const cases: [string, { status: number; code?: string; want: boolean }][] = [
    ['400 bad request', { status: 400, code: 'invalid_request', want: false }],
    ['401 unauthorized', { status: 401, code: 'unauthorized', want: false }],
    ['404 not found', { status: 404, code: 'not_found', want: false }],
    ['408 request timeout', { status: 408, want: true }],
    ['409 idempotency_key_in_use', { status: 409, code: 'idempotency_key_in_use', want: true }],
    ['409 job_not_cancellable', { status: 409, code: 'job_not_cancellable', want: false }],
    ['409 without a code', { status: 409, want: false }],
    ['413 payload too large', { status: 413, code: 'payload_too_large', want: false }],
    ['422 idempotency_key_mismatch', { status: 422, code: 'idempotency_key_mismatch', want: false }],
    ['429 rate limited', { status: 429, code: 'rate_limited', want: true }],
    ['500 internal error', { status: 500, code: 'internal_error', want: true }],
    ['501 not implemented', { status: 501, code: 'not_implemented', want: false }],
    ['502 upstream error', { status: 502, code: 'upstream_error', want: true }],
    ['503 from a proxy', { status: 503, want: true }],
  ];
  it.each(cases)('%s', (_name, { status, code, want }) => {
    expect(isRetryableStatus(status, code)).toBe(want);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-30T12:00:00Z');
  const cases: [string, { given: string | null; want: number | undefined }][] = [
    ['absent', { given: null, want: undefined }],
    ['seconds', { given: '3', want: 3000 }],
    ['fractional seconds', { given: '0.25', want: 250 }],
    ['zero', { given: '0', want: 0 }],
    ['an HTTP date 2 s ahead', { given: 'Mon, 30 Nov 2026 12:00:02 GMT', want: 2000 }],
    ['an HTTP date in the past', { given: 'Mon, 30 Nov 2026 11:00:00 GMT', want: 0 }],
    ['garbage', { given: 'soon', want: undefined }],
    ['a negative number', { given: '-1', want: undefined }],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(parseRetryAfter(given, now)).toBe(want);
  });
});

describe('backoffDelayMs', () => {
  const cases: [string, { retry: number; random: number; want: number }][] = [
    ['first retry, no jitter', { retry: 0, random: 0, want: 500 }],
    ['second retry, no jitter', { retry: 1, random: 0, want: 1000 }],
    ['first retry, most jitter', { retry: 0, random: 1, want: 375 }],
    ['fifth retry', { retry: 4, random: 0, want: 8000 }],
    ['capped at 8 s', { retry: 10, random: 0, want: 8000 }],
    ['capped, half jitter', { retry: 10, random: 0.5, want: 7000 }],
  ];
  it.each(cases)('%s', (_name, { retry, random, want }) => {
    expect(backoffDelayMs(retry, () => random)).toBe(want);
  });
});

describe('retryDelayMs', () => {
  it('uses Retry-After instead of the backoff schedule, without jitter', () => {
    expect(retryDelayMs(0, '7', () => 0.9)).toBe(7000);
  });
  it('falls back to the backoff schedule without Retry-After', () => {
    expect(retryDelayMs(1, null, () => 0)).toBe(1000);
  });
  it('gives up when Retry-After asks for more than a minute', () => {
    expect(retryDelayMs(0, '61', () => 0)).toBeUndefined();
    expect(retryDelayMs(0, '60', () => 0)).toBe(60_000);
  });
});

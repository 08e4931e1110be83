import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, requestHash } from '../src/jobs/canonicalJson.js';

describe('canonicalJson / requestHash', () => {
  const base64 = Buffer.alloc(300_000, 9).toString('base64');
  it.each([
    ['keys sorted at every level', { b: 1, a: { d: [true, null], c: 'x' } }, '{"a":{"c":"x","d":[true,null]},"b":1}'],
    ['undefined members left out', { a: undefined, b: 2 }, '{"b":2}'],
    ['escapes in keys and strings', { 'k"\\': 'line\nbreak "quoted" é' }, JSON.stringify({ 'k"\\': 'line\nbreak "quoted" é' })],
    ['a long string that needs escaping', { s: `"${'x'.repeat(5000)}\u0001` }, JSON.stringify({ s: `"${'x'.repeat(5000)}\u0001` })],
    [
      'a large base64 payload (written as it is)',
      { url: `data:application/pdf;base64,${base64}` },
      JSON.stringify({ url: `data:application/pdf;base64,${base64}` }),
    ],
  ])('%s', (_name, value, want) => {
    expect(canonicalJson(value)).toBe(want);
    // The streamed hash is the hash of that very text (stored Idempotency-Key hashes stay valid).
    expect(requestHash(value)).toBe(createHash('sha256').update(want).digest('hex'));
  });
});

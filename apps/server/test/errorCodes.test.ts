/**
 * The error-code catalogue (x-error-codes on the spec's error schema) against the code that emits
 * errors, both ways: every code the server or the engine writes is listed, with the status it is
 * sent with, and every listed code is still emitted somewhere. The constructors (ApiProblem,
 * DocumentError, the HTTP error mapper) take the catalogue's `ErrorCode` type, so an unlisted code
 * in them does not compile; this scan covers what types cannot see (job errors written as object
 * literals and SQL) and the statuses.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ERROR_CODES } from '@jobs-api/api-types';
import { describe, expect, it } from 'vitest';
import { ApiProblem } from '../src/errors.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const SOURCES = ['apps/server/src', 'packages/documents/src'];
const spec = JSON.parse(readFileSync(join(repoRoot, 'packages/api-types/generated/openapi.json'), 'utf8')) as {
  components: { schemas: Record<string, { properties: Record<string, { 'x-warning-codes'?: Record<string, string> }> }> };
};
const WARNING_CODES = Object.keys(spec.components.schemas.JobWarning!.properties.code!['x-warning-codes'] ?? {});
const catalogue = ERROR_CODES as Record<string, readonly number[]>;

/** Catalogued codes this server does not emit itself, and why they stay in the catalogue. */
const RESERVED: Record<string, string> = {
  not_implemented: 'the spec keeps 501 for a server that does not offer an endpoint; this one offers all 13 (tests use a 501 handler)',
};

interface Emission {
  code: string;
  /** The HTTP status written next to it, when the source says it literally. */
  status?: number;
  where: string;
}

/** Every source file of the server and the engine (TypeScript and SQL), with its text. */
function sources(): Array<{ path: string; text: string }> {
  return SOURCES.flatMap((root) =>
    readdirSync(join(repoRoot, root), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && /\.(ts|sql)$/.test(entry.name))
      .map((entry) => {
        const path = join(entry.parentPath, entry.name);
        return { path: path.slice(repoRoot.length), text: readFileSync(path, 'utf8') };
      }),
  );
}

// Where a code is written: a `code:` property, an error constructor's code argument (with the
// status when it is literal), the HTTP mapper, or a failure code stored by SQL.
const EMITTERS: Array<[RegExp, (m: RegExpMatchArray) => Omit<Emission, 'where'>]> = [
  [/\bcode:\s*'([a-z][a-z0-9_]*)'/g, (m) => ({ code: m[1]! })],
  [/new ApiProblem\(\s*(\d{3}),\s*'([a-z][a-z0-9_]*)'/g, (m) => ({ code: m[2]!, status: Number(m[1]) })],
  [/\brespond\(\s*(\d{3}),\s*'([a-z][a-z0-9_]*)'/g, (m) => ({ code: m[2]!, status: Number(m[1]) })],
  [/\b(?:unprocessable|unprocessableDocument|problems422)\(\s*'([a-z][a-z0-9_]*)'/g, (m) => ({ code: m[1]!, status: 422 })],
  [/new DocumentError\(\s*'([a-z][a-z0-9_]*)',[^;]*?,\s*(\d{3})\s*[,)]/g, (m) => ({ code: m[1]!, status: Number(m[2]) })],
  [/\b(?:providerError|new DataUrlError)\(\s*'([a-z][a-z0-9_]*)'/g, (m) => ({ code: m[1]! })],
  [/last_failure_code\s*=\s*'([a-z][a-z0-9_]*)'/g, (m) => ({ code: m[1]! })],
];

function emissions(): Emission[] {
  return sources().flatMap(({ path, text }) => EMITTERS.flatMap(([pattern, read]) => [...text.matchAll(pattern)].map((m) => ({ ...read(m), where: path }))));
}

describe('error-code catalogue', () => {
  const found = emissions();

  it('finds the emitters it scans for (the scan itself works)', () => {
    expect(found.length).toBeGreaterThan(60);
    expect(found).toContainEqual(expect.objectContaining({ code: 'job_not_cancellable', status: 409 }));
    expect(found).toContainEqual(expect.objectContaining({ code: 'worker_lost' }));
  });

  it('lists every code the server and the engine emit', () => {
    const unlisted = found.filter((e) => !(e.code in catalogue) && !WARNING_CODES.includes(e.code));
    expect(unlisted).toEqual([]);
  });

  it('lists the status each code is sent with', () => {
    const wrong = found.filter((e) => e.status !== undefined && e.code in catalogue && !catalogue[e.code]!.includes(e.status));
    expect(wrong).toEqual([]);
  });

  it('lists no code that nothing emits any more', () => {
    const text = sources()
      .map((s) => s.text)
      .join('\n');
    const stale = Object.keys(catalogue).filter((code) => !text.includes(`'${code}'`) && !(code in RESERVED));
    expect(stale).toEqual([]);
  });

  it('is enforced by the types of the error constructors', () => {
    // @ts-expect-error: a code that is not in the catalogue does not compile.
    const problem = new ApiProblem(400, 'not_in_the_catalogue', 'x');
    expect(problem.status).toBe(400);
  });
});

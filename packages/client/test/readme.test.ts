/**
 * The README's examples are files under examples/, included in the README verbatim; this test
 * checks that the two agree, then runs every example (with tsx, as a reader would) against a real
 * server, importing the *built* package by its name.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, PACKAGE_DIR, REPO_DIR } from './support/dist.js';
import { assertSucceeded, childEnv, run } from './support/processes.js';
import { serverUnavailable, startTestServer, type TestServer } from './support/server.js';

const README = readFileSync(join(PACKAGE_DIR, 'README.md'), 'utf8');
const EXAMPLE_FILES = readdirSync(join(PACKAGE_DIR, 'examples'))
  .filter((name) => name.endsWith('.ts'))
  .sort();
/** `<!-- example: examples/x.ts -->` followed by a ```ts block. */
const INCLUDED = /<!-- example: (examples\/[\w-]+\.ts) -->\n```ts\n([\s\S]*?)```/g;

function includedExamples(): Map<string, string> {
  return new Map([...README.matchAll(INCLUDED)].map((match) => [match[1]!, match[2]!]));
}

describe('README examples', () => {
  it('include every file under examples/, verbatim', () => {
    const included = includedExamples();
    expect([...included.keys()].sort()).toEqual(EXAMPLE_FILES.map((name) => `examples/${name}`));
    for (const [path, block] of included) {
      expect(block, `${path} differs from its README block`).toBe(readFileSync(join(PACKAGE_DIR, path), 'utf8'));
    }
  });

  it('hold no code outside the included examples but shell commands (so all of it runs)', () => {
    const fences = [...README.matchAll(/^```(\w*)$/gm)].map((match) => match[1]).filter((lang) => lang !== '');
    expect(fences.filter((lang) => lang !== 'sh')).toEqual(Array(includedExamples().size).fill('ts'));
  });
});

describe.skipIf(serverUnavailable !== undefined)(`README examples against a real server${serverUnavailable ? ` (SKIPPED: ${serverUnavailable})` : ''}`, () => {
  let server: TestServer;

  beforeAll(async () => {
    assertBuilt();
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  async function runExample(name: string): Promise<string> {
    const result = await run(join(REPO_DIR, 'node_modules/.bin/tsx'), [join('examples', name)], {
      cwd: PACKAGE_DIR,
      env: childEnv({ JOBS_API_URL: server.url, JOBS_API_KEY: server.apiKey }),
      timeoutMs: 60_000,
    });
    return assertSucceeded(result, `examples/${name}`).stdout;
  }

  it('create-and-wait.ts parses the invoice', async () => {
    const out = await runExample('create-and-wait.ts');
    expect(out).toMatch(/^created job_[\w-]{21} \((validating|queued|in_progress|completed)\)$/m);
    expect(out).toContain('completed: 1 page(s)');
    expect(out).toContain('Invoice number: 12398982');
  });

  it('list-all-jobs.ts lists the job created above', async () => {
    const out = await runExample('list-all-jobs.ts');
    expect(out).toMatch(/^job_[\w-]{21} +completed +\/v1\/documents\/parse +\d{4}-\d\d-\d\dT/m);
    expect(out).toMatch(/^1 job\(s\) for acme$/m);
  });

  it('cancel-a-job.ts cancels, or reports that the job finished first', async () => {
    const out = await runExample('cancel-a-job.ts');
    expect(out).toMatch(/^job_[\w-]{21}: (cancelled|finished before the cancel arrived)$/m);
  });

  it('handle-errors.ts meets a 404 and a 422', async () => {
    const out = await runExample('handle-errors.ts');
    expect(out).toMatch(/^no such job \(request id \S+\)$/m);
    expect(out).toMatch(/^rejected: unknown_model \(/m);
  });

  it('raw-client.ts lists and parses synchronously', async () => {
    const out = await runExample('raw-client.ts');
    expect(out).toMatch(/^latest job: job_[\w-]{21}$/m);
    expect(out).toContain('parsed synchronously: Hello, parser');
  });
});

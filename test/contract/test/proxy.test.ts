/**
 * The end-to-end suite (@jobs-api/e2e-tests) once more, through `prism proxy --errors` in front of
 * each server: Prism checks every request against the spec (an invalid one is answered 422 and not
 * forwarded) and every answer of the server (one that breaks the spec is replaced by a 500). The
 * servers do not validate their own answers here, so Prism sees them exactly as they are.
 *
 * Every exchange is recorded; the ones that broke the spec (src of @jobs-api/e2e-tests:
 * `specViolations`) are counted and must be 0. The requests the suite sends invalid on purpose are
 * answered by Prism; that is the proxy working, not a violation.
 *
 * Two canaries prove the counting can fail: a request the suite did not mark invalid, and an
 * upstream (a bare HTTP server, not ours) that answers a Job missing fields.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describeE2e, Http, specViolations, startDeployments, type E2eDeployments, type Exchange } from '@jobs-api/e2e-tests';
import { PRISM_LISTENING, SPEC_YAML_PATH, startProcess, type RunningProcess } from '@jobs-api/test-helpers';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FactsRecorder } from '../src/report.js';

const require = createRequire(import.meta.url);
const PRISM_CLI = join(dirname(require.resolve('@stoplight/prism-cli/package.json')), 'dist/index.js');

/** `prism proxy <bundled spec> <upstream> --errors` on a port Prism picks. */
const startProxy = (upstream: string) =>
  startProcess({
    command: process.execPath,
    args: [PRISM_CLI, 'proxy', SPEC_YAML_PATH, upstream, '--errors', '--host', '127.0.0.1', '--port', '0'],
    listeningLine: PRISM_LISTENING,
  });

const recorder = new FactsRecorder();
const exchanges: Exchange[] = [];
let deployments: E2eDeployments | undefined;
let proxies: RunningProcess[] = [];
let jobsProxy: RunningProcess;
let queuedProxy: RunningProcess;

/** Answers any request with a Job that lacks most fields (for the canary below). */
const brokenUpstream: Server = createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ id: 'job_V1StGXR8_Z5jdHi6B-myT', object: 'job', status: 'queued' }));
});
let brokenProxy: RunningProcess;

beforeAll(async () => {
  deployments = await startDeployments({ validateResponses: false });
  await new Promise<void>((resolve) => brokenUpstream.listen(0, '127.0.0.1', resolve));
  const brokenUrl = `http://127.0.0.1:${(brokenUpstream.address() as AddressInfo).port}`;
  // Prism takes seconds to load the spec: start the three at once.
  const started = await Promise.allSettled([deployments.jobs.baseUrl, deployments.queued.baseUrl, brokenUrl].map(startProxy));
  proxies = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
  [jobsProxy, queuedProxy, brokenProxy] = proxies as [RunningProcess, RunningProcess, RunningProcess];
});

afterAll(async () => {
  await Promise.all(proxies.map((p) => p.stop()));
  await deployments?.stop();
  await new Promise((resolve) => brokenUpstream.close(resolve));
  recorder.save(inject('reportDir'), 'proxy');
});

describeE2e('through prism proxy --errors', () => ({
  jobs: { baseUrl: jobsProxy.baseUrl, apiKey: deployments!.jobs.apiKey },
  queued: { baseUrl: queuedProxy.baseUrl, apiKey: deployments!.queued.apiKey },
  viaProxy: true,
  exchanges,
}));

// Vitest runs a file's tests in order: this one sees every exchange of the suite above.
it('no request or answer of the suite broke the spec (violations: 0)', () => {
  const violations = specViolations(exchanges);
  recorder.facts.proxyExchanges = exchanges.length;
  recorder.facts.proxyViolations = violations.length;
  expect(exchanges.length).toBeGreaterThan(20);
  // Prism was in front and validating: it answered the suite's invalid-on-purpose requests itself.
  expect(exchanges.some((e) => e.invalidOnPurpose && e.status >= 400)).toBe(true);
  expect(violations.map((v) => `${v.method} ${v.path} → ${v.status} ${JSON.stringify(v.body).slice(0, 600)} ${v.slViolations ?? ''}`)).toEqual([]);
});

describe('the violation count can fail', () => {
  it('counts a request that breaks the spec when it was not meant to', async () => {
    const log: Exchange[] = [];
    const answer = await new Http({ baseUrl: jobsProxy.baseUrl, apiKey: deployments!.jobs.apiKey }, 'jobs', log).call('GET', '/v1/jobs?limit=1000');
    expect(answer.answeredByProxy).toBe(true);
    expect(specViolations(log)).toHaveLength(1);
  });

  it('counts an answer that breaks the spec', async () => {
    const log: Exchange[] = [];
    const answer = await new Http({ baseUrl: brokenProxy.baseUrl, apiKey: 'any' }, 'jobs', log).call('GET', '/v1/jobs/job_V1StGXR8_Z5jdHi6B-myT');
    expect(answer.status).toBe(500);
    expect(specViolations(log)).toHaveLength(1);
  });
});

/**
 * The end-to-end suite directly against the server: two real deployments started here (API +
 * worker, and API only), or the ones named by E2E_BASE_URL / E2E_QUEUED_BASE_URL / E2E_API_KEY.
 * The servers validate their own answers, so an answer that breaks the spec is a 500 here.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeE2e, deploymentsFromEnv, specViolations, startDeployments, type E2eDeployments, type Exchange } from '../src/index.js';

let deployments: E2eDeployments | undefined;
const exchanges: Exchange[] = [];

beforeAll(async () => {
  deployments = deploymentsFromEnv() ?? (await startDeployments({ validateResponses: true }));
});

afterAll(async () => {
  await deployments?.stop();
});

describeE2e('direct', () => ({ jobs: deployments!.jobs, queued: deployments!.queued, viaProxy: false, exchanges }));

// Last in the file: vitest runs a file's tests in order.
it('no answer came from a proxy and no server answer was a 500', () => {
  expect(exchanges.length).toBeGreaterThan(0);
  expect(specViolations(exchanges)).toEqual([]);
  expect(exchanges.filter((e) => e.status >= 500).map((e) => `${e.method} ${e.path} → ${e.status}`)).toEqual([]);
});

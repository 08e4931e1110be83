/**
 * @jobs-api/e2e-tests: the end-to-end suite (written against base URLs) and what it takes to run it,
 * for this workspace's direct run and for the contract tests' run through a validating proxy.
 */
export { describeE2e, type E2eTarget } from './suite.js';
export { deploymentsFromEnv, E2E_API_KEY, startDeployments, type E2eDeployments, type StartOptions } from './servers.js';
export {
  answeredByProxy,
  Http,
  pollUntil,
  prismErrorType,
  PRISM_ERROR_TYPE_PREFIX,
  specViolations,
  textDataUrl,
  type Answer,
  type CallInit,
  type Deployment,
  type Exchange,
} from './http.js';

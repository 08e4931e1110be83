/**
 * Programmatic entry: start the server (or only the API, or only a worker) in this process.
 * Tests, the chaos suite and benchmarks use it; operators use the `jobs-api` CLI (main.ts).
 */
export { startServer, createStore, createBlobStore, systemClock } from './server.js';
export { openPersistence, type Persistence } from './store/persistence.js';
export type { RunningServer, ServerMode, ServerOptions } from './server.js';
export { loadConfig, ConfigError } from './config.js';
export { SERVER_NODE_FLAGS } from './nodeFlags.js';
export type { Config, ModelRoute } from './config.js';
export { ApiProblem } from './errors.js';
export type { EndpointContext, EndpointDefinition, EndpointRegistry } from './endpoints/types.js';
export type { Clock, JobStore, BlobStore } from './interfaces.js';
export { generateApiKey, storeApiKey } from './auth/apiKeys.js';
export { JOB_TRANSITIONS, canTransition } from './jobs/states.js';
export { operationHandlers } from './http/operations/index.js';

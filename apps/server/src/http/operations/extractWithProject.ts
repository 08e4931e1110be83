import type { OperationHandler } from '../deps.js';
import { runEndpoint } from './runEndpoint.js';

/** POST /v1/evals/extract/extract (synchronous; also available as a job). */
export const extractWithProject: OperationHandler = runEndpoint('/v1/evals/extract/extract');

import type { OperationHandler } from '../deps.js';
import { runEndpoint } from './runEndpoint.js';

/** POST /v1/evals/split/process (synchronous; also available as a job). */
export const evaluateSplit: OperationHandler = runEndpoint('/v1/evals/split/process');

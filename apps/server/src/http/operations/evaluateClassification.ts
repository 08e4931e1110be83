import type { OperationHandler } from '../deps.js';
import { runEndpoint } from './runEndpoint.js';

/** POST /v1/evals/classify/process (synchronous; also available as a job). */
export const evaluateClassification: OperationHandler = runEndpoint('/v1/evals/classify/process');

import type { OperationHandler } from '../deps.js';
import { runEndpoint } from './runEndpoint.js';

/** POST /v1/evals/extract/process (synchronous; also available as a job). */
export const evaluateExtraction: OperationHandler = runEndpoint('/v1/evals/extract/process');

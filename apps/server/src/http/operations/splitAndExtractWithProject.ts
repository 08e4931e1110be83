import type { OperationHandler } from '../deps.js';
import { runEndpoint } from './runEndpoint.js';

/** POST /v1/evals/extract/split (synchronous; also available as a job). */
export const splitAndExtractWithProject: OperationHandler = runEndpoint('/v1/evals/extract/split');

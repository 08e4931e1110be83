import type { OperationHandler } from '../deps.js';
import { runEndpoint } from './runEndpoint.js';

/** POST /v1/schemas/generate (synchronous; also available as a job). */
export const generateSchema: OperationHandler = runEndpoint('/v1/schemas/generate');

import type { OperationHandler } from '../deps.js';
import { runEndpoint } from './runEndpoint.js';

/** POST /v1/documents/classify (synchronous; also available as a job). */
export const classifyDocument: OperationHandler = runEndpoint('/v1/documents/classify');

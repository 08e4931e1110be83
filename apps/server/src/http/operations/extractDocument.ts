import type { OperationHandler } from '../deps.js';
import { runEndpoint } from './runEndpoint.js';

/** POST /v1/documents/extract (synchronous; also available as a job). */
export const extractDocument: OperationHandler = runEndpoint('/v1/documents/extract');

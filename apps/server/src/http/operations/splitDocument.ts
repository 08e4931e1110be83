import type { OperationHandler } from '../deps.js';
import { runEndpoint } from './runEndpoint.js';

/** POST /v1/documents/split (synchronous; also available as a job). */
export const splitDocument: OperationHandler = runEndpoint('/v1/documents/split');

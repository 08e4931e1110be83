import type { OperationHandler } from '../deps.js';
import { runEndpoint } from './runEndpoint.js';

/** POST /v1/documents/parse (synchronous; also available as a job). */
export const parseDocument: OperationHandler = runEndpoint('/v1/documents/parse');

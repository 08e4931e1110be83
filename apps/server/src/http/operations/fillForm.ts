import type { OperationHandler } from '../deps.js';
import { runEndpoint } from './runEndpoint.js';

/** POST /v1/edit/agent/fill (synchronous; also available as a job). */
export const fillForm: OperationHandler = runEndpoint('/v1/edit/agent/fill');

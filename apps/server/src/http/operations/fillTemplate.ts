import type { OperationHandler } from '../deps.js';
import { runEndpoint } from './runEndpoint.js';

/** POST /v1/edit/templates/fill (synchronous; also available as a job). */
export const fillTemplate: OperationHandler = runEndpoint('/v1/edit/templates/fill');

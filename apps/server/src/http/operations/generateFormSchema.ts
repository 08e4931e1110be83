import type { OperationHandler } from '../deps.js';
import { runEndpoint } from './runEndpoint.js';

/** POST /v1/edit/templates/generate (synchronous; also available as a job). */
export const generateFormSchema: OperationHandler = runEndpoint('/v1/edit/templates/generate');

import type { OperationHandler } from '../deps.js';
import { notImplemented } from './notImplemented.js';

// Templates are not built yet (see the issue that adds them); the route exists so the spec and the server agree.
export const listTemplates: OperationHandler = notImplemented('Templates');

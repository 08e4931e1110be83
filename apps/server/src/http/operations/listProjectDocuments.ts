import type { OperationHandler } from '../deps.js';
import { notImplemented } from './notImplemented.js';

// Projects are not built yet (see the issue that adds them); the route exists so the spec and the server agree.
export const listProjectDocuments: OperationHandler = notImplemented('Projects');

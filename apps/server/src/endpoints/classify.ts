import type { DocumentEngine } from '@jobs-api/documents/api';
import { acceptedMimeTypes } from '@jobs-api/documents/api';
import type { EndpointDefinition } from './types.js';

/** POST /v1/documents/classify: one of the given categories. */
export function classifyEndpoint(engine: DocumentEngine): EndpointDefinition<'/v1/documents/classify'> {
  return {
    endpoint: '/v1/documents/classify',
    acceptedMimeTypes: acceptedMimeTypes('/v1/documents/classify'),
    handle: (request, ctx) => engine.classify(request, { signal: ctx.signal, resolveDocument: ctx.resolveDocument }),
  };
}

import type { DocumentEngine } from '@jobs-api/documents/api';
import { acceptedMimeTypes } from '@jobs-api/documents/api';
import type { EndpointDefinition } from './types.js';

/** POST /v1/documents/split: the parts of a bundled document. */
export function splitEndpoint(engine: DocumentEngine): EndpointDefinition<'/v1/documents/split'> {
  return {
    endpoint: '/v1/documents/split',
    acceptedMimeTypes: acceptedMimeTypes('/v1/documents/split'),
    handle: (request, ctx) => engine.split(request, { signal: ctx.signal, resolveDocument: ctx.resolveDocument }),
  };
}

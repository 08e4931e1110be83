import type { DocumentEngine } from '@jobs-api/documents/api';
import { acceptedMimeTypes } from '@jobs-api/documents/api';
import type { EndpointDefinition } from './types.js';

/** POST /v1/documents/extract: structured data matching a JSON Schema. */
export function extractEndpoint(engine: DocumentEngine): EndpointDefinition<'/v1/documents/extract'> {
  return {
    endpoint: '/v1/documents/extract',
    acceptedMimeTypes: acceptedMimeTypes('/v1/documents/extract'),
    handle: (request, ctx) => engine.extract(request, { signal: ctx.signal, resolveDocument: ctx.resolveDocument }),
  };
}

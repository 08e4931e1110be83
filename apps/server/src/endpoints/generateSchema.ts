import type { DocumentEngine } from '@jobs-api/documents/api';
import { acceptedMimeTypes } from '@jobs-api/documents/api';
import type { EndpointDefinition } from './types.js';

/** POST /v1/schemas/generate: a JSON Schema inferred from example documents. */
export function generateSchemaEndpoint(engine: DocumentEngine): EndpointDefinition<'/v1/schemas/generate'> {
  return {
    endpoint: '/v1/schemas/generate',
    acceptedMimeTypes: acceptedMimeTypes('/v1/schemas/generate'),
    handle: (request, ctx) => engine.generateSchema(request, { signal: ctx.signal, resolveDocument: ctx.resolveDocument }),
  };
}

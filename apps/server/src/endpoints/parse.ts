import type { DocumentEngine } from '@jobs-api/documents/api';
import { acceptedMimeTypes } from '@jobs-api/documents/api';
import type { EndpointDefinition } from './types.js';

/** POST /v1/documents/parse: text per page (PDF, OCR, DOCX, HTML, text formats). */
export function parseEndpoint(engine: DocumentEngine): EndpointDefinition<'/v1/documents/parse'> {
  return {
    endpoint: '/v1/documents/parse',
    acceptedMimeTypes: acceptedMimeTypes('/v1/documents/parse'),
    handle: (request, ctx) => engine.parse(request, { signal: ctx.signal, resolveDocument: ctx.resolveDocument }),
  };
}

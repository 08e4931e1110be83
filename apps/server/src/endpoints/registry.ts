/**
 * Every target endpoint's handler, shared by the synchronous routes and the job runner.
 */
import type { DocumentEngine } from '@jobs-api/documents';
import { classifyEndpoint } from './classify.js';
import { extractEndpoint } from './extract.js';
import { generateSchemaEndpoint } from './generateSchema.js';
import { notImplementedEndpoint } from './notImplemented.js';
import { parseEndpoint } from './parse.js';
import { splitEndpoint } from './split.js';
import type { EndpointRegistry } from './types.js';

export interface EndpointDeps {
  engine: DocumentEngine;
}

export function createEndpointRegistry({ engine }: EndpointDeps): EndpointRegistry {
  return {
    '/v1/documents/parse': parseEndpoint(engine),
    '/v1/documents/extract': extractEndpoint(engine),
    '/v1/documents/classify': classifyEndpoint(engine),
    '/v1/documents/split': splitEndpoint(engine),
    '/v1/schemas/generate': generateSchemaEndpoint(engine),
    '/v1/edit/agent/fill': notImplementedEndpoint('/v1/edit/agent/fill'),
    '/v1/edit/templates/fill': notImplementedEndpoint('/v1/edit/templates/fill'),
    '/v1/edit/templates/generate': notImplementedEndpoint('/v1/edit/templates/generate'),
    '/v1/evals/extract/process': notImplementedEndpoint('/v1/evals/extract/process'),
    '/v1/evals/split/process': notImplementedEndpoint('/v1/evals/split/process'),
    '/v1/evals/classify/process': notImplementedEndpoint('/v1/evals/classify/process'),
    '/v1/evals/extract/extract': notImplementedEndpoint('/v1/evals/extract/extract'),
    '/v1/evals/extract/split': notImplementedEndpoint('/v1/evals/extract/split'),
  };
}

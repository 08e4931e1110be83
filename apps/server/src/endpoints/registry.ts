/**
 * Every target endpoint's handler, shared by the synchronous routes and the job runner.
 */
import type { DocumentEngine, FormEngine } from '@jobs-api/documents/api';
import type { Config } from '../config.js';
import type { BlobStore, Clock, JobStore } from '../interfaces.js';
import type { ProjectStore } from '../projects/store.js';
import type { TemplateStore } from '../templates/store.js';
import { classifyEndpoint } from './classify.js';
import { evalEndpoints } from './evals.js';
import { extractEndpoint } from './extract.js';
import { formEndpoints } from './forms.js';
import { generateSchemaEndpoint } from './generateSchema.js';
import { parseEndpoint } from './parse.js';
import { splitEndpoint } from './split.js';
import type { DocumentTools, EndpointRegistry } from './types.js';

/** What endpoint handlers may use. */
export interface EndpointDeps {
  engine: DocumentEngine;
  /**
   * The server's one form engine, shared by the form endpoints and the templates resource, so a
   * PDF inferred once (the slow part for a scanned form, its OCR) is not inferred again when filled.
   */
  forms: FormEngine;
  documentTools: DocumentTools;
  config: Config;
  clock: Clock;
  store: JobStore;
  blobs: BlobStore;
  templates: TemplateStore;
  projects: ProjectStore;
}

export function createEndpointRegistry(deps: EndpointDeps): EndpointRegistry {
  const { engine } = deps;
  return {
    '/v1/documents/parse': parseEndpoint(engine),
    '/v1/documents/extract': extractEndpoint(engine),
    '/v1/documents/classify': classifyEndpoint(engine),
    '/v1/documents/split': splitEndpoint(engine),
    '/v1/schemas/generate': generateSchemaEndpoint(engine),
    ...formEndpoints(deps),
    ...evalEndpoints(deps),
  };
}

import type { DocumentEngine, FormEngine } from '@jobs-api/documents/api';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { ApiKeyVerifier } from '../auth/apiKeys.js';
import type { Config } from '../config.js';
import type { EndpointRegistry } from '../endpoints/types.js';
import type { BlobStore, Clock, JobStore } from '../interfaces.js';
import type { JobEvents } from '../jobs/events.js';
import type { JobService } from '../jobs/service.js';
import type { EnginePoolFigures, Metrics } from '../observability/metrics.js';
import type { ProjectStore } from '../projects/store.js';
import type { TemplateStore } from '../templates/store.js';

/** What the HTTP layer is given (built once in server.ts). */
export interface AppDeps {
  config: Config;
  clock: Clock;
  store: JobStore;
  blobs: BlobStore;
  service: JobService;
  endpoints: EndpointRegistry;
  isKnownModel(model: string): boolean;
  engine: DocumentEngine;
  /** The form engine the templates resource infers fields with (the form endpoints' one). */
  forms: FormEngine;
  templates: TemplateStore;
  projects: ProjectStore;
  verifier: ApiKeyVerifier;
  /** Job changes in this process (and, on PostgreSQL, in any): what streams and long-polls wait on. */
  events: JobEvents;
  /** Throws (422 `url_refused`) for a webhook URL the guarded fetcher would refuse. */
  checkWebhookUrl(url: string): Promise<void>;
  metrics: Metrics;
  logger: Logger;
  /** The engine pool's figures for /readyz (undefined when the engine runs in-process). */
  engineFigures?: () => EnginePoolFigures | undefined;
  /** Validate every answer against the spec (tests; a mismatch becomes a 500). */
  validateResponses?: boolean;
}

/** The handler of one operationId, built from the app's dependencies. */
export type OperationHandler = (deps: AppDeps) => RequestHandler;

/**
 * This file was generated from openapi/ by packages/api-types/scripts/generate.mjs.
 * Do not make direct changes to the file: change the spec and run `npm run generate`.
 */

/** Every job status (components.schemas.JobStatus.enum), in spec order. */
export const JOB_STATUSES = [
  'validating',
  'queued',
  'in_progress',
  'completed',
  'failed',
  'cancelled',
  'expired'
] as const;

/** Every target endpoint a job can run (components.schemas.JobEndpoint.enum), in spec order. */
export const JOB_ENDPOINTS = [
  '/v1/documents/extract',
  '/v1/documents/parse',
  '/v1/documents/split',
  '/v1/documents/classify',
  '/v1/schemas/generate',
  '/v1/edit/agent/fill',
  '/v1/edit/templates/fill',
  '/v1/edit/templates/generate',
  '/v1/evals/extract/process',
  '/v1/evals/split/process',
  '/v1/evals/classify/process',
  '/v1/evals/extract/extract',
  '/v1/evals/extract/split'
] as const;

/** Every form field type (components.schemas.FormFieldType.enum). */
export const FORM_FIELD_TYPES = [
  'text',
  'checkbox',
  'radio',
  'choice',
  'signature'
] as const;

/** Every evaluation project kind (components.schemas.ProjectKind.enum). */
export const PROJECT_KINDS = [
  'extract',
  'split',
  'classify'
] as const;

/** Every event type (components.schemas.EventType.enum), in lifecycle order. */
export const EVENT_TYPES = [
  'job.queued',
  'job.started',
  'job.retrying',
  'job.completed',
  'job.failed',
  'job.cancelled',
  'job.expired'
] as const;

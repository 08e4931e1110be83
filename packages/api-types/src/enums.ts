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

/**
 * The error-code catalogue (x-error-codes on components.schemas.Error): every `error.code` the
 * server or the engine can emit, with the HTTP statuses it comes with (none: job-only codes).
 */
export const ERROR_CODES = {
  'invalid_request': [
    400
  ],
  'unauthorized': [
    401
  ],
  'not_found': [
    404
  ],
  'method_not_allowed': [
    405
  ],
  'job_not_cancellable': [
    409
  ],
  'job_not_retryable': [
    409
  ],
  'idempotency_key_in_use': [
    409
  ],
  'payload_too_large': [
    413
  ],
  'validation_error': [
    422
  ],
  'idempotency_key_mismatch': [
    422
  ],
  'unknown_model': [
    422
  ],
  'unsupported_url': [
    422
  ],
  'invalid_base64': [
    422
  ],
  'invalid_data_url': [
    400,
    422
  ],
  'unsupported_mime_type': [
    422
  ],
  'mime_type_mismatch': [
    422
  ],
  'corrupt_document': [
    422
  ],
  'document_encrypted': [
    422
  ],
  'document_not_found': [
    422
  ],
  'document_url_refused': [
    422
  ],
  'document_too_large': [
    413,
    422
  ],
  'too_many_pages': [
    422
  ],
  'resource_exhausted': [
    422
  ],
  'document_fetch_failed': [
    422,
    502,
    504
  ],
  'url_refused': [
    422
  ],
  'too_many_redirects': [
    422
  ],
  'response_too_large': [
    413
  ],
  'fetch_timeout': [
    504
  ],
  'fetch_failed': [
    502
  ],
  'ocr_failed': [
    422
  ],
  'ocr_unavailable': [
    503
  ],
  'model_provider_rate_limited': [
    503
  ],
  'model_provider_error': [
    502
  ],
  'model_provider_rejected': [
    422
  ],
  'model_provider_invalid_response': [
    502
  ],
  'model_provider_unreachable': [
    502,
    504
  ],
  'model_provider_refused': [
    422
  ],
  'invalid_project': [
    422
  ],
  'invalid_ground_truth': [
    422
  ],
  'project_kind_mismatch': [
    422
  ],
  'project_has_no_documents': [
    422
  ],
  'rate_limited': [
    429
  ],
  'internal_error': [
    500
  ],
  'not_implemented': [
    501
  ],
  'attempt_timeout': [],
  'worker_lost': [],
  'worker_shutdown': [],
  'sandbox_lost': [],
  'job_expired': []
} as const satisfies Record<string, readonly number[]>;

/** A code of the catalogue. */
export type ErrorCode = keyof typeof ERROR_CODES;

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

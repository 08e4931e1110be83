/**
 * Named aliases over the types generated from openapi/ (src/schema.d.ts) plus the spec's enums as
 * runtime arrays (src/enums.ts) and the job lifecycle's transition table (src/lifecycle.ts). The server, the client and the tests import API shapes from here
 * only; nothing in the repo redeclares them.
 */
import type { components, operations } from './schema.js';

export type { components, operations, paths, webhooks } from './schema.js';
export { ERROR_CODES, EVENT_TYPES, FORM_FIELD_TYPES, JOB_ENDPOINTS, JOB_STATUSES, PROJECT_KINDS, type ErrorCode } from './enums.js';
export {
  ACTIVE_JOB_STATUSES,
  CANCELLABLE_JOB_STATUSES,
  canTransition,
  EXPIRABLE_JOB_STATUSES,
  isTerminalStatus,
  JOB_TRANSITIONS,
  RETRYABLE_JOB_STATUSES,
  statusesWithAction,
  TERMINAL_JOB_STATUSES,
  transitionAction,
  type ActiveJobStatus,
  type JobTransitionAction,
  type TerminalJobStatus,
} from './lifecycle.js';

type Schemas = components['schemas'];

// Jobs
/** An asynchronous job (every field always present; see components.schemas.Job). */
export type Job = Schemas['Job'];
/** Where a job is in its lifecycle. */
export type JobStatus = Schemas['JobStatus'];
/** A target endpoint a job can run. */
export type JobEndpoint = Schemas['JobEndpoint'];
/** Why a job failed or expired. */
export type JobError = Schemas['JobError'];
/** A warning raised while accepting or running a job (e.g. `dispatch_delayed`). */
export type JobWarning = Schemas['JobWarning'];
/** What the target endpoint answered: `{status_code, body}`. */
export type JobResponse = Schemas['JobResponse'];
/** One page of jobs. */
export type JobList = Schemas['JobList'];
/** Caller-defined key/value pairs stored with a job. */
export type Metadata = Schemas['Metadata'];
/** The body of `POST /v1/jobs`: a union discriminated on `endpoint`. */
export type CreateJobBody = Schemas['JobCreate'];
/** The query parameters of `GET /v1/jobs`. */
export type ListJobsParams = NonNullable<operations['listJobs']['parameters']['query']>;
/** The query parameters of `GET /v1/jobs/{job_id}`. */
export type GetJobParams = NonNullable<operations['getJob']['parameters']['query']>;
/** The one error shape of every non-2xx answer. */
export type ApiError = Schemas['Error'];
/** The `error` object inside {@link ApiError}. */
export type ApiErrorBody = ApiError['error'];

/** The `request` a job for endpoint `E` takes (the union member whose `endpoint` is `E`). */
export type JobRequestFor<E extends JobEndpoint> = Extract<CreateJobBody, { endpoint: E }>['request'];

// Target endpoints: requests
export type MIMEData = Schemas['MIMEData'];
export type ParseRequest = Schemas['ParseRequest'];
export type ExtractRequest = Schemas['ExtractRequest'];
export type ClassifyRequest = Schemas['ClassifyRequest'];
export type SplitRequest = Schemas['SplitRequest'];
export type SchemaGenerateRequest = Schemas['SchemaGenerateRequest'];
export type AgentFillRequest = Schemas['AgentFillRequest'];
export type TemplateFillRequest = Schemas['TemplateFillRequest'];
export type TemplateGenerateRequest = Schemas['TemplateGenerateRequest'];
export type EvalExtractProcessRequest = Schemas['EvalExtractProcessRequest'];
export type EvalSplitProcessRequest = Schemas['EvalSplitProcessRequest'];
export type EvalClassifyProcessRequest = Schemas['EvalClassifyProcessRequest'];
export type EvalExtractExtractRequest = Schemas['EvalExtractExtractRequest'];
export type EvalExtractSplitRequest = Schemas['EvalExtractSplitRequest'];
export type Category = Schemas['Category'];
export type Subdocument = Schemas['Subdocument'];
export type FillInstructions = Schemas['FillInstructions'];

// Target endpoints: 200 bodies
export type Usage = Schemas['Usage'];
export type DocumentInfo = Schemas['DocumentInfo'];
export type ParseResult = Schemas['ParseResult'];
export type Extraction = Schemas['Extraction'];
export type Classification = Schemas['Classification'];
export type Split = Schemas['Split'];
export type DocumentSplit = Schemas['DocumentSplit'];
export type GeneratedSchema = Schemas['GeneratedSchema'];
export type FormFieldType = Schemas['FormFieldType'];
export type Rectangle = Schemas['Rectangle'];
export type FormField = Schemas['FormField'];
export type FormSchema = Schemas['FormSchema'];
export type InferredForm = Schemas['InferredForm'];
export type FilledFormField = Schemas['FilledFormField'];
export type FilledForm = Schemas['FilledForm'];
export type FieldComparison = Schemas['FieldComparison'];
export type ExtractionComparison = Schemas['ExtractionComparison'];
export type ExtractEval = Schemas['ExtractEval'];
export type SplitEval = Schemas['SplitEval'];
export type ClassifyEval = Schemas['ClassifyEval'];
export type EvalExtraction = Schemas['EvalExtraction'];
export type EvalSplitExtraction = Schemas['EvalSplitExtraction'];

/** The 200 body of each target endpoint's synchronous route (and of a completed job's `response.body`). */
export interface EndpointResults {
  '/v1/documents/extract': Extraction;
  '/v1/documents/parse': ParseResult;
  '/v1/documents/split': DocumentSplit;
  '/v1/documents/classify': Classification;
  '/v1/schemas/generate': GeneratedSchema;
  '/v1/edit/agent/fill': FilledForm;
  '/v1/edit/templates/fill': FilledForm;
  '/v1/edit/templates/generate': InferredForm;
  '/v1/evals/extract/process': ExtractEval;
  '/v1/evals/split/process': SplitEval;
  '/v1/evals/classify/process': ClassifyEval;
  '/v1/evals/extract/extract': EvalExtraction;
  '/v1/evals/extract/split': EvalSplitExtraction;
}
/** The 200 body of endpoint `E`. */
export type JobResultFor<E extends JobEndpoint> = EndpointResults[E];

// Templates and projects
export type Template = Schemas['Template'];
export type TemplateCreate = Schemas['TemplateCreate'];
export type TemplateList = Schemas['TemplateList'];
export type DeletedObject = Schemas['DeletedObject'];
export type ProjectKind = Schemas['ProjectKind'];
export type Project = Schemas['Project'];
export type ProjectCreate = Schemas['ProjectCreate'];
export type ProjectList = Schemas['ProjectList'];
export type GroundTruth = Schemas['GroundTruth'];
export type ProjectDocument = Schemas['ProjectDocument'];
export type ProjectDocumentCreate = Schemas['ProjectDocumentCreate'];
export type ProjectDocumentList = Schemas['ProjectDocumentList'];

// Events and webhooks
/** One status change of a job (the body of a webhook delivery and the data of a stream event). */
export type Event = Schemas['Event'];
/** What happened: `job.queued`, `job.started`, …. */
export type EventType = Schemas['EventType'];
export type EventList = Schemas['EventList'];
export type EventRedelivery = Schemas['EventRedelivery'];
export type EventRedeliveryCreate = Schemas['EventRedeliveryCreate'];
/** The query parameters of `GET /v1/events`. */
export type ListEventsParams = NonNullable<operations['listEvents']['parameters']['query']>;
export type WebhookEndpoint = Schemas['WebhookEndpoint'];
export type WebhookEndpointCreate = Schemas['WebhookEndpointCreate'];
export type WebhookEndpointUpdate = Schemas['WebhookEndpointUpdate'];
export type WebhookEndpointList = Schemas['WebhookEndpointList'];
export type WebhookEndpointStatus = Schemas['WebhookEndpointStatus'];
/** An event type or `*`, as listed in `enabled_events`. */
export type WebhookEventSelector = Schemas['WebhookEventSelector'];
export type WebhookDelivery = Schemas['WebhookDelivery'];
export type WebhookDeliveryList = Schemas['WebhookDeliveryList'];

/**
 * The operationIds of the `webhooks` section (calls this server makes, not routes it serves): by
 * the spec's convention they end in `Webhook` (`jobCompletedWebhook`), and nothing in `paths` does.
 */
export type WebhookOperationId = Extract<keyof operations, `${string}Webhook`>;

/** Every operationId of the spec's `paths` (each one a route of the server). */
export type OperationId = Exclude<keyof operations, WebhookOperationId>;

// Compile-time guard: EndpointResults names exactly the spec's endpoints (no more, no fewer).
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const endpointResultsCoverSpec: Exact<keyof EndpointResults, JobEndpoint> = true;
void endpointResultsCoverSpec;

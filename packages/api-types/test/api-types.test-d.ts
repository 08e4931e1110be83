/**
 * Type-level test of the generated API types. `npm run lint` compiles it (tsc -p tsconfig.json
 * includes test/); vitest does not run it. It stops compiling when a Job field or an enum value is
 * added, removed or retyped in the spec, so such a change is made here on purpose too.
 *
 * It imports the package entry by path (src/index.ts, which dist/index.d.ts is compiled from)
 * rather than by name: lint runs before this package's own build (turbo: lint needs ^build and
 * generate), and the name resolves to dist/, which may not exist yet.
 */
import {
  type JOB_ENDPOINTS,
  type JOB_STATUSES,
  type CreateJobBody,
  type Job,
  type JobEndpoint,
  type JobError,
  type JobResponse,
  type JobStatus,
  type JobWarning,
  type Metadata,
} from '../src/index.js';

/** `true` only when A and B are the same type (mutual assignability is not enough: `any`, optionality). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Compiles only when T is `true`. */
type Expect<T extends true> = T;

// ---------------------------------------------------------------------------------------------
// Job fields (docs/architecture.md, "The Job object"). `satisfies Record<keyof Job, true>` makes the table exhaustive both
// ways (a new field is a missing key, a removed one an excess key); each entry pins the type.
const jobFieldTypes = {
  id: true as Expect<Equal<Job['id'], string>>,
  object: true as Expect<Equal<Job['object'], 'job'>>,
  status: true as Expect<Equal<Job['status'], JobStatus>>,
  endpoint: true as Expect<Equal<Job['endpoint'], JobEndpoint>>,
  request: true as Expect<Equal<Job['request'], { [key: string]: unknown } | null>>,
  response: true as Expect<Equal<Job['response'], JobResponse | null>>,
  error: true as Expect<Equal<Job['error'], JobError | null>>,
  warnings: true as Expect<Equal<Job['warnings'], JobWarning[] | null>>,
  created_at: true as Expect<Equal<Job['created_at'], number>>,
  started_at: true as Expect<Equal<Job['started_at'], number | null>>,
  completed_at: true as Expect<Equal<Job['completed_at'], number | null>>,
  expires_at: true as Expect<Equal<Job['expires_at'], number>>,
  organization_id: true as Expect<Equal<Job['organization_id'], string>>,
  metadata: true as Expect<Equal<Job['metadata'], Metadata>>,
  cloud_task_name: true as Expect<Equal<Job['cloud_task_name'], string | null>>,
  cancelled: true as Expect<Equal<Job['cancelled'], boolean>>,
  attempt_count: true as Expect<Equal<Job['attempt_count'], number>>,
  last_attempt_at: true as Expect<Equal<Job['last_attempt_at'], number | null>>,
  last_failure_code: true as Expect<Equal<Job['last_failure_code'], string | null>>,
  request_gcs_paths: true as Expect<Equal<Job['request_gcs_paths'], null>>,
} satisfies Record<keyof Job, true>;

/** Every field is always present: none is optional. */
type JobFieldsAreRequired = Expect<Equal<Job, Required<Job>>>;

// The nested shapes docs/architecture.md, "The Job object" spells out.
type JobResponseShape = Expect<Equal<JobResponse, { status_code: number; body: { [key: string]: unknown } }>>;
type JobErrorShape = Expect<Equal<JobError, { code: string; message: string; details?: { [key: string]: unknown } }>>;
type JobWarningShape = Expect<Equal<JobWarning, { code: string; message: string }>>;
type MetadataShape = Expect<Equal<Metadata, { [key: string]: string }>>;

// ---------------------------------------------------------------------------------------------
// Enum values: exhaustive both ways, like the field table.
const statusValues = {
  validating: true,
  queued: true,
  in_progress: true,
  completed: true,
  failed: true,
  cancelled: true,
  expired: true,
} satisfies Record<JobStatus, true>;

const endpointValues = {
  '/v1/documents/extract': true,
  '/v1/documents/parse': true,
  '/v1/documents/split': true,
  '/v1/documents/classify': true,
  '/v1/schemas/generate': true,
  '/v1/edit/agent/fill': true,
  '/v1/edit/templates/fill': true,
  '/v1/edit/templates/generate': true,
  '/v1/evals/extract/process': true,
  '/v1/evals/split/process': true,
  '/v1/evals/classify/process': true,
  '/v1/evals/extract/extract': true,
  '/v1/evals/extract/split': true,
} satisfies Record<JobEndpoint, true>;

/** The runtime arrays carry exactly the type's values. */
type StatusArrayMatchesType = Expect<Equal<(typeof JOB_STATUSES)[number], JobStatus>>;
type EndpointArrayMatchesType = Expect<Equal<(typeof JOB_ENDPOINTS)[number], JobEndpoint>>;
/**
 * Every member of the create body pins its own endpoint. openapi-typescript reads a mapping-less
 * discriminator as "value = schema name" and would turn these into e.g. "JobCreateParse".
 */
type CreateBodyEndpointsMatchEnum = Expect<Equal<CreateJobBody['endpoint'], JobEndpoint>>;

// ---------------------------------------------------------------------------------------------
// Values: a complete Job, and a create body, assignable as written on the wire.
const completedJob = {
  id: 'job_V1StGXR8_Z5jdHi6B-myT',
  object: 'job',
  status: 'completed',
  endpoint: '/v1/documents/parse',
  request: null,
  response: { status_code: 200, body: { text: 'Invoice number: 12398982' } },
  error: null,
  warnings: [{ code: 'dispatch_delayed', message: 'No worker could take the job at once.' }],
  created_at: 1764457200,
  started_at: 1764457201,
  completed_at: 1764457202,
  expires_at: 1765062000,
  organization_id: 'org_default',
  metadata: { customer: 'acme' },
  cloud_task_name: null,
  cancelled: false,
  attempt_count: 1,
  last_attempt_at: 1764457201,
  last_failure_code: null,
  request_gcs_paths: null,
} satisfies Job;

const splitBody = {
  endpoint: '/v1/documents/split',
  request: {
    document: { filename: 'bundle.pdf', url: 'data:application/pdf;base64,JVBERi0=' },
    subdocuments: [{ name: 'invoice', description: 'An invoice' }],
  },
} satisfies CreateJobBody;

const evalBody = {
  endpoint: '/v1/evals/split/process',
  request: { project_id: 'proj_8Hq2LmN4pR6sT0vX3zB5d', model: 'retab-small' },
} satisfies CreateJobBody;

// ---------------------------------------------------------------------------------------------
// Wrong values are rejected. Each directive fails the build if its line stops being an error.

// @ts-expect-error -- not a status
const unknownStatus: JobStatus = 'done';
// @ts-expect-error -- endpoint values are full paths
const shortEndpoint: JobEndpoint = 'documents/parse';
// @ts-expect-error -- the object tag is "job"
const wrongObject: Job['object'] = 'jobs';
// @ts-expect-error -- timestamps are Unix seconds, not ISO strings
const isoTimestamp: Job['created_at'] = '2026-11-29T23:00:00Z';
// @ts-expect-error -- `created_at` is never null
const nullCreatedAt: Job['created_at'] = null;
// @ts-expect-error -- storage locations are never exposed
const gcsPaths: Job['request_gcs_paths'] = ['gs://bucket/request.json'];
// @ts-expect-error -- metadata values are strings
const numericMetadata: Metadata = { attempt: 1 };
// @ts-expect-error -- `cancelled` is a boolean
const cancelledFlag: Job['cancelled'] = 'true';
const { cancelled: _dropped, ...jobWithoutCancelled } = completedJob;
// @ts-expect-error -- every field is required
const incompleteJob: Job = jobWithoutCancelled;
// @ts-expect-error -- eval endpoints require `project_id` in `request`
const evalWithoutProject: CreateJobBody = { endpoint: '/v1/evals/split/process', request: { model: 'retab-small' } };
// @ts-expect-error -- the request is checked against its own endpoint's schema: split needs `subdocuments`
const splitWithoutSubdocuments: CreateJobBody = { endpoint: '/v1/documents/split', request: { document: splitBody.request.document } };
// @ts-expect-error -- not an endpoint
const unknownEndpointBody: CreateJobBody = { endpoint: '/v1/documents/translate', request: {} };

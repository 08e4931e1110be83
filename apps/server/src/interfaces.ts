/**
 * The seams of the server: the job store (one narrow interface, an adapter per database), the
 * blob store, and the records that cross them. API shapes come from @jobs-api/api-types; the
 * types here are internal (what the worker and the service pass around).
 */
import type {
  Event,
  EventType,
  Job,
  JobEndpoint,
  JobError,
  JobResponse,
  JobStatus,
  JobWarning,
  Metadata,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointStatus,
  WebhookEventSelector,
} from '@jobs-api/api-types';

/** How a job was created (this server records `api` and `project`; `workflow` is never recorded). */
export type JobSource = 'api' | 'project' | 'workflow';

/** Milliseconds since the epoch. Every store method takes `now` so tests can drive the clock. */
export type EpochMs = number;

/** A clock the service, worker and maintenance loops read instead of Date.now(). */
export interface Clock {
  now(): EpochMs;
}

/** What the service hands the store to insert (the request already has its large data URLs offloaded). */
export interface NewJob {
  id: string;
  organizationId: string;
  endpoint: JobEndpoint;
  /** The request as stored: large `data:` URLs replaced by blob refs. */
  request: Record<string, unknown>;
  metadata: Metadata;
  /** The model named in the request (list filter), if any. */
  model: string | null;
  /** Every document file name in the request (list filters `filename_contains`, `filename_regex`). */
  filenames: string[];
  /** How the job was created (list filter `source`): `project` when the request names a project. Default `api`. */
  source?: JobSource;
  /** The evaluation project the request names (list filter `project_id`), if any. */
  projectId?: string | null;
  /** The MIME type of the request's (first) document (list filter `document_type`), if known. */
  documentType?: string | null;
  status: Extract<JobStatus, 'validating' | 'queued'>;
  warnings: JobWarning[] | null;
  createdAt: EpochMs;
  expiresAt: EpochMs;
  maxAttempts: number;
  /** Blob hashes the request references (for purge and garbage collection). */
  blobHashes: string[];
  /** JSON Pointers of the blob refs the server wrote into `request` (the only values read back as refs); absent: none. */
  blobPaths?: string[];
  /** The create span's propagation carrier as JSON (observability/tracing.ts), when the creator traced. Never part of the Job. */
  traceContext?: string | null;
}

/**
 * Where a stored request holds blob refs (the `request_blobs` column): the JSON Pointers the server
 * offloaded, or, for rows stored before those were recorded (migration 041), the hashes the job
 * offloaded. See blobs/dataUrls.ts.
 */
export type RequestBlobs = { paths: string[] } | { hashes: string[] };

/**
 * On a Job read from the store with its request: where that request holds blob refs. A symbol, so
 * it never reaches an answer (JSON.stringify and the response validator skip symbol keys).
 */
export const REQUEST_BLOBS: unique symbol = Symbol('requestBlobs');

/** A Job as the store reads it. */
export type StoredJob = Job & { [REQUEST_BLOBS]?: RequestBlobs | null };

/** Which payloads a read should carry (both off by default so polling stays light). */
export interface JobIncludes {
  request?: boolean;
  response?: boolean;
}

/** A `GET /v1/jobs` query after parsing (times in ms, cursors as job ids). */
export interface JobListQuery extends JobIncludes {
  limit: number;
  order: 'asc' | 'desc';
  after?: string;
  before?: string;
  ids?: string[];
  statuses?: JobStatus[];
  endpoints?: JobEndpoint[];
  models?: string[];
  filenameContains?: string;
  /**
   * `filename_regex`, compiled (linear time): tested on the rows the other filters select, at most
   * LIST_REGEX_SCAN_LIMIT of them per page (see store/listJobsSql.ts).
   */
  filenameMatches?: (filename: string) => boolean;
  sources?: JobSource[];
  projectId?: string;
  /** MIME types (extensions already mapped). */
  documentTypes?: string[];
  /** A filter that no job can match (a workflow filter; only unknown document types): the page is empty. */
  matchesNothing?: boolean;
  createdFrom?: EpochMs;
  createdTo?: EpochMs;
  metadata?: Record<string, string>;
}

export interface JobPage {
  jobs: StoredJob[];
  hasMore: boolean;
  /** The last job examined when a `filename_regex` page stopped at its scan bound (the page's cursor then). */
  boundaryId?: string;
}

/** The outcome of claiming an idempotency key before creating a job. */
export type IdempotencyClaim = { kind: 'claimed' } | { kind: 'replay'; jobId: string } | { kind: 'in_use' } | { kind: 'mismatch' };

/** What claiming an Idempotency-Key needs: the key, the hash of the request it guards, and how long claims live. */
export interface IdempotencyClaimArgs {
  organizationId: string;
  key: string;
  requestHash: string;
  now: EpochMs;
  staleAfterMs: number;
  ttlMs: number;
}

/** A claim that did not go through: the key's job to replay, or why the key is not free. */
export type IdempotencyRefusal = Exclude<IdempotencyClaim, { kind: 'claimed' }>;

/** The outcome of {@link JobStore.claimKeyAndInsertJob}: the stored job, or why the key kept it from being stored. */
export type ClaimedInsert = { kind: 'inserted'; job: Job } | IdempotencyRefusal;

export type CancelOutcome =
  { kind: 'cancelled'; job: Job } | { kind: 'already_cancelled'; job: Job } | { kind: 'not_cancellable'; status: JobStatus } | { kind: 'not_found' };

export type RetryOutcome = { kind: 'queued'; job: Job } | { kind: 'not_retryable'; status: JobStatus } | { kind: 'payload_purged' } | { kind: 'not_found' };

/** A lease on one attempt of a job: every worker write is fenced by it. */
export interface Lease {
  jobId: string;
  workerId: string;
  /** The attempt number the lease belongs to (the job's attempt_count when claimed). */
  attempt: number;
}

/** A job a worker claimed. */
export interface ClaimedJob extends Lease {
  organizationId: string;
  endpoint: JobEndpoint;
  /** The stored request (blob refs, not data URLs). */
  request: Record<string, unknown>;
  maxAttempts: number;
  expiresAt: EpochMs;
  leaseExpiresAt: EpochMs;
  /** How the previous attempt failed (`last_failure_code`), or null: a second sandbox loss is not retried. */
  lastFailureCode: string | null;
  /** The create span's context as stored with the job (`trace_context`), or null: the attempt's span joins that trace. */
  traceContext: string | null;
}

export interface ClaimArgs {
  workerId: string;
  limit: number;
  now: EpochMs;
  leaseMs: number;
  /** At most this many in_progress jobs per organization (0 = no limit). */
  orgMaxInFlight: number;
}

/** How an attempt ended when it did not complete. */
export interface AttemptFailure {
  error: JobError;
  /** Retry at this time (transient failure with attempts left); absent → the job fails now. */
  retryAt?: EpochMs;
  /** The attempt does not count against max_attempts (released on shutdown, not failed). */
  refundAttempt?: boolean;
}

export interface WorkerInfo {
  id: string;
  hostname: string;
  pid: number;
  startedAt: EpochMs;
  lastSeenAt: EpochMs;
  concurrency: number;
}

export interface ApiKeyRecord {
  id: string;
  organizationId: string;
  /** The first characters of the key, shown in listings and used to find the row. */
  prefix: string;
  /** SHA-256 of the whole key, hex. */
  keyHash: string;
  name: string | null;
  createdAt: EpochMs;
  revokedAt: EpochMs | null;
}

export interface MaintenanceResult {
  requeued: number;
  failed: number;
}

/** What a {@link JobStore.watch} subscriber is told (both may fire in any process, for any job). */
export interface JobStoreWatchHandlers {
  /**
   * Jobs may have become claimable: a committed insert, retry, release or requeue, in any process.
   * Also fired once after the watch reconnected, since notifications sent meanwhile were missed.
   */
  queued(): void;
  /** A job was cancelled (in any process): a worker running it should abort it now. */
  cancelled(jobId: string): void;
  /** A job's status changed (an event was stored), in any process: its streams read on. */
  jobEvent?(jobId: string): void;
}

/**
 * The job store: one narrow interface, implemented by SQLite and PostgreSQL and tested by one
 * suite against both. Every status change is conditional on the transition table (jobs/states.ts);
 * every worker write is fenced by its lease (owner + attempt).
 */
export interface JobStore extends EventStore {
  readonly engine: 'sqlite' | 'postgres';
  migrate(): Promise<void>;
  /** Closes the connections (and any watch still open). */
  close(): Promise<void>;
  /** Throws when the database cannot be reached. */
  ping(): Promise<void>;

  // Create
  /** Claims `key` for one create; see {@link IdempotencyClaim}. A claim older than `staleAfterMs` without a job is taken over. */
  claimIdempotencyKey(args: IdempotencyClaimArgs): Promise<IdempotencyClaim>;
  /** Forgets a claimed key whose create did not store a job (bad input): nothing stays stored. */
  releaseIdempotencyKey(organizationId: string, key: string): Promise<void>;
  /** Inserts a job (and binds the idempotency key to it, in the same transaction); answers it without its request. */
  insertJob(job: NewJob, idempotencyKey?: string): Promise<Job>;
  /**
   * Claims `claim.key` and inserts the job bound to it as one commit (the create path when nothing
   * is offloaded between the two): a key that is not free answers its claim outcome and stores
   * nothing. The same contract as claimIdempotencyKey followed by insertJob, one commit fewer.
   */
  claimKeyAndInsertJob(job: NewJob, claim: IdempotencyClaimArgs): Promise<ClaimedInsert>;

  // Read
  getJob(organizationId: string, jobId: string, include?: JobIncludes): Promise<StoredJob | undefined>;
  listJobs(organizationId: string, query: JobListQuery): Promise<JobPage>;
  /** Jobs of the organization that are validating, queued or in progress. */
  countActiveJobs(organizationId: string): Promise<number>;
  /** Jobs waiting in the queue (all organizations). */
  queueDepth(now: EpochMs): Promise<number>;
  /** Whether a job id exists (any organization); used as a cursor check. */
  jobSequence(organizationId: string, jobId: string): Promise<number | undefined>;

  // Client-driven transitions
  cancelJob(organizationId: string, jobId: string, now: EpochMs): Promise<CancelOutcome>;
  retryJob(organizationId: string, jobId: string, now: EpochMs, opts: { maxAttempts: number; ttlMs: number }): Promise<RetryOutcome>;

  // Worker
  claimJobs(args: ClaimArgs): Promise<ClaimedJob[]>;
  /** Extends the leases still held; answers the job ids whose lease was renewed. */
  renewLeases(leases: Lease[], now: EpochMs, leaseMs: number): Promise<string[]>;
  /** Records a completion if the lease still holds; false when the result must be discarded. */
  completeJob(lease: Lease, response: JobResponse, now: EpochMs): Promise<boolean>;
  /** Records a failed attempt (requeued with backoff or failed) if the lease still holds. */
  failJob(lease: Lease, failure: AttemptFailure, now: EpochMs): Promise<boolean>;

  // Maintenance
  /** Jobs whose lease expired go back to the queue (`worker_lost`), or fail when out of attempts. */
  requeueExpiredLeases(now: EpochMs): Promise<MaintenanceResult>;
  /** Jobs not terminal at `expires_at` become expired; answers how many. */
  expireJobs(now: EpochMs): Promise<number>;
  /** Deletes request/response payloads of jobs past `expires_at + graceMs`; answers blob hashes no job references any more. */
  purgeExpiredPayloads(now: EpochMs, graceMs: number): Promise<{ jobs: number; unreferencedBlobs: string[] }>;
  /** Deletes job records past `expires_at + retentionMs`, and idempotency keys past their TTL. */
  deleteExpiredRecords(now: EpochMs, retentionMs: number): Promise<number>;

  // Workers
  recordWorkerHeartbeat(worker: WorkerInfo): Promise<void>;
  removeWorker(workerId: string): Promise<void>;
  listLiveWorkers(seenSince: EpochMs): Promise<WorkerInfo[]>;

  // API keys
  insertApiKey(key: ApiKeyRecord): Promise<void>;
  findApiKeysByPrefix(prefix: string): Promise<ApiKeyRecord[]>;
  listApiKeys(): Promise<ApiKeyRecord[]>;
  /** Revokes the keys whose prefix or id starts with `prefix`; answers how many. */
  revokeApiKeys(prefix: string, now: EpochMs): Promise<number>;
  /** Whether any key (revoked or not) exists. */
  hasApiKeys(): Promise<boolean>;

  // Cross-process events (optional)
  /**
   * Subscribes to job events committed by *any* process sharing the database (PostgreSQL:
   * LISTEN/NOTIFY), so a worker wakes at once for a job created by another API process and aborts
   * a job cancelled there. Resolves once subscribed; answers the unsubscribe function. A lost
   * connection is re-established by the store (then `queued` fires once). Delivery is best-effort:
   * callers keep polling and renewing leases, which is what guarantees progress. SQLite leaves it
   * out: its processes share one file on one host, and rely on in-process events plus polling.
   */
  watch?(handlers: JobStoreWatchHandlers): Promise<() => Promise<void>>;
}

/**
 * What one attempt may write: its fenced outcome. The attempt runner (worker/runAttempt.ts) is
 * handed only these, so it cannot reach any other store method.
 */
export type AttemptStore = Pick<JobStore, 'completeJob' | 'failJob'>;

/**
 * What the job worker may do with the store: claim, renew, record outcomes, sweep maintenance and
 * announce itself. The worker is handed only these (a lint rule keeps `JobStore` and the store
 * modules out of worker/), so it never touches SQL or a method meant for the API.
 */
export type WorkerStore = AttemptStore &
  Pick<
    JobStore,
    | 'claimJobs'
    | 'renewLeases'
    | 'requeueExpiredLeases'
    | 'expireJobs'
    | 'purgeExpiredPayloads'
    | 'deleteExpiredRecords'
    | 'recordWorkerHeartbeat'
    | 'removeWorker'
  >;

/** What the webhook delivery loop may do with the store: fan events out, claim deliveries, record attempts. */
export type DeliveryStore = Pick<JobStore, 'fanOutEvents' | 'claimDeliveries' | 'recordDeliveryAttempt'>;

/** A keyset page request on a resource's insertion order (cursors are ids of the listed resource). */
export interface PageQuery {
  limit: number;
  order: 'asc' | 'desc';
  after?: string;
  before?: string;
}

/** One page, in the requested order; `hasMore`: more rows lie beyond it in the direction walked. */
export interface Page<T> {
  data: T[];
  hasMore: boolean;
}

/** A `GET /v1/events` query after parsing. */
export interface EventListQuery extends PageQuery {
  jobId?: string;
  types?: EventType[];
}

/** An event with its place in its job's sequence (the SSE `id:`). */
export interface JobEventEntry {
  jobSeq: number;
  event: Event;
}

/** What the webhook service hands the store to insert (URL already checked). */
export interface NewWebhookEndpoint {
  /** `we_` + 21-character nanoid. */
  id: string;
  organizationId: string;
  url: string;
  description: string | null;
  enabledEvents: WebhookEventSelector[];
  metadata: Metadata;
  /** `whsec_…`. */
  secret: string;
  createdAt: EpochMs;
}

/** The fields a PATCH changes (absent: unchanged). */
export interface WebhookEndpointChanges {
  url?: string;
  description?: string | null;
  enabledEvents?: WebhookEventSelector[];
  metadata?: Metadata;
  status?: WebhookEndpointStatus;
}

/** A delivery a worker claimed: one attempt to make, fenced by (deliveryId, workerId, attempt). */
export interface ClaimedDelivery {
  deliveryId: string;
  workerId: string;
  /** 1 for the first try. */
  attempt: number;
  endpointId: string;
  organizationId: string;
  url: string;
  /** The secrets to sign with: the current one, plus the previous one during a rotation's overlap. */
  secrets: string[];
  event: Event;
  /** ms: the endpoint's first failure since its last success, or null. */
  failingSince: EpochMs | null;
  /** The trace context stored with the event's job (`trace_context`), or null: the delivery's span links to it. */
  traceContext: string | null;
}

/** How one delivery attempt went, and what follows. */
export interface DeliveryAttemptOutcome {
  statusCode: number | null;
  durationMs: number;
  /** Why it failed (`http_500`, `timeout`, `blocked_address`, ...), or null. */
  error: string | null;
  succeeded: boolean;
  /** ms: when to try again; absent → no further attempt (succeeded, or given up). */
  nextAttemptAt?: EpochMs;
  /** Disable the endpoint: `gone` (it answered 410) or `failing` (failed for too long). */
  disableEndpoint?: 'gone' | 'failing';
}

export type RedeliverOutcome = { kind: 'scheduled'; endpointIds: string[] } | { kind: 'event_not_found' } | { kind: 'endpoint_not_found' };

/**
 * Events (written by the database with each job status change: see the 050 migrations), webhook
 * endpoints and their deliveries. Part of the job store (same database, same transactions); every
 * read and write is scoped to one organization except the worker's fan-out, claim and record.
 * Page methods answer `undefined` for a cursor that is not a row of the listed scope.
 */
export interface EventStore {
  listEvents(organizationId: string, query: EventListQuery): Promise<Page<Event> | undefined>;
  getEvent(organizationId: string, eventId: string): Promise<Event | undefined>;
  /** The job's events after `afterJobSeq` (0: all), in order (the stream and its resume). */
  listJobEvents(organizationId: string, jobId: string, afterJobSeq: number): Promise<JobEventEntry[]>;

  insertWebhookEndpoint(endpoint: NewWebhookEndpoint): Promise<WebhookEndpoint>;
  getWebhookEndpoint(organizationId: string, endpointId: string): Promise<WebhookEndpoint | undefined>;
  listWebhookEndpoints(organizationId: string, query: PageQuery): Promise<Page<WebhookEndpoint> | undefined>;
  updateWebhookEndpoint(organizationId: string, endpointId: string, changes: WebhookEndpointChanges): Promise<WebhookEndpoint | undefined>;
  /** Replaces the secret; the old one stays valid until `previousExpiresAt`. */
  rotateWebhookSecret(organizationId: string, endpointId: string, secret: string, previousExpiresAt: EpochMs): Promise<WebhookEndpoint | undefined>;
  deleteWebhookEndpoint(organizationId: string, endpointId: string): Promise<boolean>;
  /** The endpoint's delivery log; `undefined` when the endpoint or the cursor is unknown. */
  listWebhookAttempts(organizationId: string, endpointId: string, query: PageQuery): Promise<Page<WebhookDelivery> | undefined>;
  /** Schedules the event again, now, for one endpoint or every enabled subscriber. */
  redeliverEvent(organizationId: string, eventId: string, endpointId: string | undefined, now: EpochMs): Promise<RedeliverOutcome>;

  /**
   * Creates the deliveries of up to `limit` events not fanned out yet (one per enabled endpoint of
   * the organization that subscribes to the event: webhooks/matching.ts), and marks them fanned
   * out, in one transaction. Answers how many events it handled.
   */
  fanOutEvents(limit: number, now: EpochMs): Promise<number>;
  /** Leases up to `limit` due deliveries of enabled endpoints (never one already leased). */
  claimDeliveries(args: { workerId: string; limit: number; now: EpochMs; leaseMs: number }): Promise<ClaimedDelivery[]>;
  /** Logs the attempt and schedules what follows, if the lease still holds; false when it did not. */
  recordDeliveryAttempt(claim: ClaimedDelivery, outcome: DeliveryAttemptOutcome, now: EpochMs): Promise<boolean>;
}

/** Content-addressed storage for document bytes (filesystem, PostgreSQL table or S3). */
export interface BlobStore {
  /** Stores bytes and answers their SHA-256 (hex). Storing the same bytes twice keeps one copy. */
  put(bytes: Uint8Array): Promise<string>;
  get(hash: string): Promise<Uint8Array | undefined>;
  /** Deletes blobs not written or re-put in the last `minAgeMs` (guards a racing create that re-uses one). */
  deleteUnreferenced(hashes: string[], minAgeMs: number): Promise<number>;
  /** The file holding a blob, when blobs are files on this machine (the engine sandboxes read it in place). */
  pathOf?(hash: string): string;
  close?(): Promise<void>;
}

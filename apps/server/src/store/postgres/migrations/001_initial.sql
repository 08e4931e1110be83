-- Jobs, idempotency keys, blob references, workers and API keys: the same tables as the SQLite
-- store (one row type, rows.ts), in PostgreSQL types.
-- Times: API-facing timestamps are stored as the API shows them (Unix seconds); scheduling columns
-- (run_at, lease_expires_at, ...) are milliseconds, because backoff and leases are sub-second.
-- JSON payloads are `json`, not `jsonb`: `json` keeps the text as written, so a request is read
-- back with its keys in the order the client sent them (jsonb reorders keys), and nothing here
-- queries inside a request or response. The metadata filter casts to jsonb on the fly (`@>`),
-- on rows already narrowed to one organization by the index.

CREATE TABLE jobs (
  -- Insertion order: list pagination and FIFO claims order by it. Values come from an identity
  -- sequence, which concurrent transactions can commit out of order; insertJob takes a
  -- per-organization advisory lock around the insert so that, within an organization (every list
  -- is scoped to one), seq order is commit order and an `order=asc` cursor never skips a job.
  seq               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id                text NOT NULL UNIQUE,
  organization_id   text NOT NULL,
  status            text NOT NULL
                    CHECK (status IN ('validating', 'queued', 'in_progress', 'completed', 'failed', 'cancelled', 'expired')),
  endpoint          text NOT NULL,
  -- The model named in the request, for the `model` list filter.
  model             text,
  -- Lower-cased document file names, one per line, for `filename_contains`.
  filenames         text NOT NULL DEFAULT '',
  -- request: as stored (large data: URLs replaced by blob refs); NULL once purged.
  request           json,
  response          json,
  error             json,
  warnings          json,
  metadata          json NOT NULL DEFAULT '{}',
  created_at        bigint NOT NULL,
  started_at        bigint,
  completed_at      bigint,
  expires_at        bigint NOT NULL,
  cancelled         boolean NOT NULL DEFAULT false,
  attempt_count     integer NOT NULL DEFAULT 0,
  -- The attempt_count at which the job fails for good (a retry raises it by JOB_MAX_ATTEMPTS).
  max_attempts      integer NOT NULL,
  last_attempt_at   bigint,
  last_failure_code text,
  cloud_task_name   text,
  -- ms: a queued job is claimable from run_at on (backoff after a transient failure).
  run_at            bigint NOT NULL,
  lease_owner       text,
  lease_expires_at  bigint,
  -- ms: when request/response were deleted (retry is refused after that).
  payload_purged_at bigint
);

-- Listing: every list query is scoped by organization and ordered by seq.
CREATE INDEX jobs_org_seq ON jobs (organization_id, seq);
CREATE INDEX jobs_org_status_seq ON jobs (organization_id, status, seq);
CREATE INDEX jobs_org_endpoint_seq ON jobs (organization_id, endpoint, seq);
CREATE INDEX jobs_org_created ON jobs (organization_id, created_at);
-- Claiming: the queue is the partial index of queued jobs by run_at; claims walk it with
-- FOR UPDATE SKIP LOCKED, so concurrent workers take different rows instead of queueing on one.
CREATE INDEX jobs_claimable ON jobs (run_at, seq) WHERE status = 'queued';
-- Maintenance sweeps.
CREATE INDEX jobs_leases ON jobs (lease_expires_at) WHERE status = 'in_progress';
CREATE INDEX jobs_active_expiry ON jobs (expires_at) WHERE status IN ('validating', 'queued', 'in_progress');
CREATE INDEX jobs_payload_expiry ON jobs (expires_at) WHERE payload_purged_at IS NULL;
-- Per-organization in-flight counts (claims and 202 decisions).
CREATE INDEX jobs_org_active ON jobs (organization_id, status) WHERE status IN ('validating', 'queued', 'in_progress');

-- Which blobs a job's request references (deduplicated blobs are shared between jobs).
CREATE TABLE job_blobs (
  job_id text NOT NULL,
  hash   text NOT NULL,
  PRIMARY KEY (job_id, hash)
);
CREATE INDEX job_blobs_hash ON job_blobs (hash);

-- Idempotency-Key claims, scoped per organization. job_id is NULL while the first request with the
-- key is still being processed (answers 409 idempotency_key_in_use to concurrent ones).
CREATE TABLE idempotency_keys (
  organization_id text NOT NULL,
  key             text NOT NULL,
  request_hash    text NOT NULL,
  job_id          text,
  created_at      bigint NOT NULL,
  expires_at      bigint NOT NULL,
  PRIMARY KEY (organization_id, key)
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);

-- Workers announce themselves here; the API answers 202 dispatch_delayed when none is alive, and
-- /readyz lists them.
CREATE TABLE workers (
  id           text PRIMARY KEY,
  hostname     text NOT NULL,
  pid          integer NOT NULL,
  started_at   bigint NOT NULL,
  last_seen_at bigint NOT NULL,
  concurrency  integer NOT NULL
);

-- API keys are stored hashed (SHA-256: keys are 160+ bits of randomness, so a slow hash adds nothing).
CREATE TABLE api_keys (
  id              text PRIMARY KEY,
  organization_id text NOT NULL,
  prefix          text NOT NULL,
  key_hash        text NOT NULL UNIQUE,
  name            text,
  created_at      bigint NOT NULL,
  revoked_at      bigint
);
CREATE INDEX api_keys_prefix ON api_keys (prefix);

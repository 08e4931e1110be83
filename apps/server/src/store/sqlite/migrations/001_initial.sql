-- Jobs, idempotency keys, blob references, workers and API keys.
-- Times: API-facing timestamps are stored as the API shows them (Unix seconds); scheduling columns
-- (run_at, lease_expires_at, ...) are milliseconds, because backoff and leases are sub-second.

CREATE TABLE jobs (
  -- Monotonic insertion order: list pagination and FIFO claims order by it, so a cursor never
  -- skips or repeats a job while others are inserted (created_at has one-second resolution).
  seq               INTEGER PRIMARY KEY AUTOINCREMENT,
  id                TEXT NOT NULL UNIQUE,
  organization_id   TEXT NOT NULL,
  status            TEXT NOT NULL,
  endpoint          TEXT NOT NULL,
  -- The model named in the request, for the `model` list filter.
  model             TEXT,
  -- Lower-cased document file names, one per line, for `filename_contains`.
  filenames         TEXT NOT NULL DEFAULT '',
  -- JSON. request: as stored (large data: URLs replaced by blob refs); NULL once purged.
  request           TEXT,
  response          TEXT,
  error             TEXT,
  warnings          TEXT,
  metadata          TEXT NOT NULL DEFAULT '{}',
  created_at        INTEGER NOT NULL,
  started_at        INTEGER,
  completed_at      INTEGER,
  expires_at        INTEGER NOT NULL,
  cancelled         INTEGER NOT NULL DEFAULT 0,
  attempt_count     INTEGER NOT NULL DEFAULT 0,
  -- The attempt_count at which the job fails for good (a retry raises it by JOB_MAX_ATTEMPTS).
  max_attempts      INTEGER NOT NULL,
  last_attempt_at   INTEGER,
  last_failure_code TEXT,
  cloud_task_name   TEXT,
  -- ms: a queued job is claimable from run_at on (backoff after a transient failure).
  run_at            INTEGER NOT NULL,
  lease_owner       TEXT,
  lease_expires_at  INTEGER,
  -- ms: when request/response were deleted (retry is refused after that).
  payload_purged_at INTEGER
);

-- Listing: every list query is scoped by organization and ordered by seq.
CREATE INDEX jobs_org_seq ON jobs (organization_id, seq);
CREATE INDEX jobs_org_status_seq ON jobs (organization_id, status, seq);
CREATE INDEX jobs_org_endpoint_seq ON jobs (organization_id, endpoint, seq);
CREATE INDEX jobs_org_created ON jobs (organization_id, created_at);
-- Claiming: the queue is the partial index of queued jobs by run_at.
CREATE INDEX jobs_claimable ON jobs (run_at, seq) WHERE status = 'queued';
-- Maintenance sweeps.
CREATE INDEX jobs_leases ON jobs (lease_expires_at) WHERE status = 'in_progress';
CREATE INDEX jobs_active_expiry ON jobs (expires_at) WHERE status IN ('validating', 'queued', 'in_progress');
CREATE INDEX jobs_payload_expiry ON jobs (expires_at) WHERE payload_purged_at IS NULL;
-- Per-organization in-flight counts (claims and 202 decisions).
CREATE INDEX jobs_org_active ON jobs (organization_id, status) WHERE status IN ('validating', 'queued', 'in_progress');

-- Which blobs a job's request references (deduplicated blobs are shared between jobs).
CREATE TABLE job_blobs (
  job_id TEXT NOT NULL,
  hash   TEXT NOT NULL,
  PRIMARY KEY (job_id, hash)
);
CREATE INDEX job_blobs_hash ON job_blobs (hash);

-- Idempotency-Key claims, scoped per organization. job_id is NULL while the first request with the
-- key is still being processed (answers 409 idempotency_key_in_use to concurrent ones).
CREATE TABLE idempotency_keys (
  organization_id TEXT NOT NULL,
  key             TEXT NOT NULL,
  request_hash    TEXT NOT NULL,
  job_id          TEXT,
  created_at      INTEGER NOT NULL,
  expires_at      INTEGER NOT NULL,
  PRIMARY KEY (organization_id, key)
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);

-- Workers announce themselves here; the API answers 202 dispatch_delayed when none is alive.
CREATE TABLE workers (
  id           TEXT PRIMARY KEY,
  hostname     TEXT NOT NULL,
  pid          INTEGER NOT NULL,
  started_at   INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  concurrency  INTEGER NOT NULL
);

-- API keys are stored hashed (SHA-256: keys are 160+ bits of randomness, so a slow hash adds nothing).
CREATE TABLE api_keys (
  id              TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL,
  prefix          TEXT NOT NULL,
  key_hash        TEXT NOT NULL UNIQUE,
  name            TEXT,
  created_at      INTEGER NOT NULL,
  revoked_at      INTEGER
);
CREATE INDEX api_keys_prefix ON api_keys (prefix);

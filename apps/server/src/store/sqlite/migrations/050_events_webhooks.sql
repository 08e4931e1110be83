-- Job events (an outbox), webhook endpoints, deliveries and the delivery log.
--
-- Events are written by triggers on `jobs`, so every status change, whichever statement makes it
-- (insert, claim, outcome, cancel, retry, the maintenance sweeps), adds exactly one event in the
-- same transaction: nothing is announced that was not stored, nothing stored goes unannounced.
-- The event type follows the transition (docs/architecture.md, "Events"):
--   insert as queued, validating → queued, terminal → queued (retry)  job.queued
--   queued → in_progress                                              job.started
--   in_progress → queued (an attempt failed or its worker was lost)    job.retrying
--   any → completed | failed | cancelled | expired                     job.<status>
-- A job inserted as `validating` gets its first event when it is queued.

CREATE TABLE job_events (
  -- Global insertion order: the cursor of `GET /v1/events` and the fan-out order.
  seq             INTEGER PRIMARY KEY AUTOINCREMENT,
  -- `evt_` + 24 hex characters; the `webhook-id` of every delivery.
  id              TEXT NOT NULL UNIQUE,
  job_id          TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  organization_id TEXT NOT NULL,
  -- The job's own event sequence (1, 2, ...): the SSE `id:` and what Last-Event-ID resumes after.
  job_seq         INTEGER NOT NULL,
  type            TEXT NOT NULL,
  -- Unix seconds.
  created_at      INTEGER NOT NULL,
  -- The job row right after the change, as JSON (without request/response): the event's `data`.
  job             TEXT NOT NULL,
  -- 1 once deliveries were created for every endpoint that subscribes to it.
  fanned_out      INTEGER NOT NULL DEFAULT 0,
  UNIQUE (job_id, job_seq)
);
CREATE INDEX job_events_org_seq ON job_events (organization_id, seq);
CREATE INDEX job_events_unfanned ON job_events (seq) WHERE fanned_out = 0;

CREATE TRIGGER jobs_event_on_insert AFTER INSERT ON jobs WHEN NEW.status = 'queued'
BEGIN
  INSERT INTO job_events (id, job_id, organization_id, job_seq, type, created_at, job)
  VALUES ('evt_' || lower(hex(randomblob(12))), NEW.id, NEW.organization_id,
    (SELECT COALESCE(max(job_seq), 0) + 1 FROM job_events WHERE job_id = NEW.id),
    'job.queued', NEW.created_at,
    json_object('id', NEW.id, 'organization_id', NEW.organization_id, 'status', NEW.status, 'endpoint', NEW.endpoint,
      'error', json(NEW.error), 'warnings', json(NEW.warnings), 'metadata', json(NEW.metadata),
      'created_at', NEW.created_at, 'started_at', NEW.started_at, 'completed_at', NEW.completed_at,
      'expires_at', NEW.expires_at, 'cancelled', NEW.cancelled, 'attempt_count', NEW.attempt_count,
      'last_attempt_at', NEW.last_attempt_at, 'last_failure_code', NEW.last_failure_code,
      'cloud_task_name', NEW.cloud_task_name));
END;

CREATE TRIGGER jobs_event_on_status AFTER UPDATE OF status ON jobs
WHEN OLD.status IS NOT NEW.status AND NEW.status <> 'validating'
BEGIN
  INSERT INTO job_events (id, job_id, organization_id, job_seq, type, created_at, job)
  VALUES ('evt_' || lower(hex(randomblob(12))), NEW.id, NEW.organization_id,
    (SELECT COALESCE(max(job_seq), 0) + 1 FROM job_events WHERE job_id = NEW.id),
    CASE
      WHEN NEW.status = 'queued' AND OLD.status = 'in_progress' THEN 'job.retrying'
      WHEN NEW.status = 'queued' THEN 'job.queued'
      WHEN NEW.status = 'in_progress' THEN 'job.started'
      ELSE 'job.' || NEW.status
    END,
    CASE
      WHEN NEW.status IN ('completed', 'failed', 'cancelled', 'expired') THEN COALESCE(NEW.completed_at, unixepoch())
      WHEN NEW.status = 'in_progress' THEN COALESCE(NEW.last_attempt_at, unixepoch())
      ELSE unixepoch()
    END,
    json_object('id', NEW.id, 'organization_id', NEW.organization_id, 'status', NEW.status, 'endpoint', NEW.endpoint,
      'error', json(NEW.error), 'warnings', json(NEW.warnings), 'metadata', json(NEW.metadata),
      'created_at', NEW.created_at, 'started_at', NEW.started_at, 'completed_at', NEW.completed_at,
      'expires_at', NEW.expires_at, 'cancelled', NEW.cancelled, 'attempt_count', NEW.attempt_count,
      'last_attempt_at', NEW.last_attempt_at, 'last_failure_code', NEW.last_failure_code,
      'cloud_task_name', NEW.cloud_task_name));
END;

CREATE TABLE webhook_endpoints (
  seq                        INTEGER PRIMARY KEY AUTOINCREMENT,
  -- `we_` + 21-character nanoid.
  id                         TEXT NOT NULL UNIQUE,
  organization_id            TEXT NOT NULL,
  url                        TEXT NOT NULL,
  description                TEXT,
  -- JSON array of event types or '*'.
  enabled_events             TEXT NOT NULL,
  -- JSON object: a job must hold every pair to be delivered.
  metadata                   TEXT NOT NULL DEFAULT '{}',
  status                     TEXT NOT NULL CHECK (status IN ('enabled', 'disabled')),
  disabled_reason            TEXT,
  -- `whsec_…`; deliveries are signed with it (and with previous_secret until it expires).
  secret                     TEXT NOT NULL,
  previous_secret            TEXT,
  -- ms.
  previous_secret_expires_at INTEGER,
  -- ms: the first failure since the last success (NULL while healthy); 5 days of it disables.
  failing_since              INTEGER,
  -- Unix seconds.
  created_at                 INTEGER NOT NULL
);
CREATE INDEX webhook_endpoints_org_seq ON webhook_endpoints (organization_id, seq);

-- One event to send to one endpoint, leased like a job: a worker claims it (lease owner + expiry),
-- makes one attempt, and records the outcome fenced by its lease and attempt number.
CREATE TABLE webhook_deliveries (
  seq              INTEGER PRIMARY KEY AUTOINCREMENT,
  id               TEXT NOT NULL UNIQUE,
  event_id         TEXT NOT NULL REFERENCES job_events (id) ON DELETE CASCADE,
  endpoint_id      TEXT NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  organization_id  TEXT NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
  attempt_count    INTEGER NOT NULL DEFAULT 0,
  -- ms.
  next_attempt_at  INTEGER NOT NULL,
  lease_owner      TEXT,
  lease_expires_at INTEGER,
  created_at       INTEGER NOT NULL
);
-- At most one pending delivery per event and endpoint: never two attempts at once for one pair
-- (a redelivery of a pending one only moves its next attempt to now).
CREATE UNIQUE INDEX webhook_deliveries_pending_pair ON webhook_deliveries (event_id, endpoint_id) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';

-- The delivery log: one row per attempt made (`GET /v1/webhook_endpoints/{id}/deliveries`).
CREATE TABLE webhook_attempts (
  seq              INTEGER PRIMARY KEY AUTOINCREMENT,
  -- `wda_` + 21-character nanoid.
  id               TEXT NOT NULL UNIQUE,
  delivery_id      TEXT NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
  endpoint_id      TEXT NOT NULL,
  organization_id  TEXT NOT NULL,
  event_id         TEXT NOT NULL,
  event_type       TEXT NOT NULL,
  attempt          INTEGER NOT NULL,
  status_code      INTEGER,
  duration_ms      INTEGER NOT NULL,
  error            TEXT,
  succeeded        INTEGER NOT NULL,
  -- Unix seconds.
  created_at       INTEGER NOT NULL,
  next_attempt_at  INTEGER
);
CREATE INDEX webhook_attempts_endpoint_seq ON webhook_attempts (endpoint_id, seq);

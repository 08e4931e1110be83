-- Job events (an outbox), webhook endpoints, deliveries and the delivery log: the same tables as
-- the SQLite store, in PostgreSQL types.
--
-- Events are written by a trigger on `jobs`, so every status change, whichever statement makes it
-- (insert, claim, outcome, cancel, retry, the maintenance sweeps), adds exactly one event in the
-- same transaction, and NOTIFYs `jobs_api_events` (payload: the job id) on commit so that a stream
-- open on any API process wakes at once. The event type follows the transition
-- (docs/architecture.md, "Events"):
--   insert as queued, validating → queued, terminal → queued (retry)  job.queued
--   queued → in_progress                                              job.started
--   in_progress → queued (an attempt failed or its worker was lost)    job.retrying
--   any → completed | failed | cancelled | expired                     job.<status>
-- The per-job sequence (max + 1) is safe under concurrency: the triggering statement holds the
-- job's row lock until commit, so two changes of one job never compute it at once.

CREATE TABLE job_events (
  -- Global insertion order: the cursor of `GET /v1/events` and the fan-out order.
  seq             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- `evt_` + 24 hex characters; the `webhook-id` of every delivery.
  id              text NOT NULL UNIQUE,
  job_id          text NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  organization_id text NOT NULL,
  -- The job's own event sequence (1, 2, ...): the SSE `id:` and what Last-Event-ID resumes after.
  job_seq         integer NOT NULL,
  type            text NOT NULL,
  -- Unix seconds.
  created_at      bigint NOT NULL,
  -- The job row right after the change (without request/response): the event's `data`.
  job             jsonb NOT NULL,
  -- true once deliveries were created for every endpoint that subscribes to it.
  fanned_out      boolean NOT NULL DEFAULT false,
  UNIQUE (job_id, job_seq)
);
CREATE INDEX job_events_org_seq ON job_events (organization_id, seq);
CREATE INDEX job_events_unfanned ON job_events (seq) WHERE NOT fanned_out;

CREATE FUNCTION jobs_record_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  event_type text;
  event_time bigint;
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.status = NEW.status THEN RETURN NULL; END IF;
  IF NEW.status = 'validating' THEN RETURN NULL; END IF;
  event_type := CASE
    WHEN TG_OP = 'UPDATE' AND NEW.status = 'queued' AND OLD.status = 'in_progress' THEN 'job.retrying'
    WHEN NEW.status = 'queued' THEN 'job.queued'
    WHEN NEW.status = 'in_progress' THEN 'job.started'
    ELSE 'job.' || NEW.status
  END;
  event_time := CASE
    WHEN TG_OP = 'INSERT' THEN NEW.created_at
    WHEN NEW.status IN ('completed', 'failed', 'cancelled', 'expired') THEN COALESCE(NEW.completed_at, extract(epoch FROM now())::bigint)
    WHEN NEW.status = 'in_progress' THEN COALESCE(NEW.last_attempt_at, extract(epoch FROM now())::bigint)
    ELSE extract(epoch FROM now())::bigint
  END;
  INSERT INTO job_events (id, job_id, organization_id, job_seq, type, created_at, job)
  VALUES (
    'evt_' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 24),
    NEW.id, NEW.organization_id,
    (SELECT COALESCE(max(job_seq), 0) + 1 FROM job_events WHERE job_id = NEW.id),
    event_type, event_time,
    to_jsonb(NEW) - 'request' - 'response' - 'filenames' - 'lease_owner' - 'lease_expires_at'
  );
  PERFORM pg_notify('jobs_api_events', NEW.id);
  RETURN NULL;
END
$$;

CREATE TRIGGER jobs_record_event AFTER INSERT OR UPDATE OF status ON jobs
  FOR EACH ROW EXECUTE FUNCTION jobs_record_event();

CREATE TABLE webhook_endpoints (
  seq                        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- `we_` + 21-character nanoid.
  id                         text NOT NULL UNIQUE,
  organization_id            text NOT NULL,
  url                        text NOT NULL,
  description                text,
  -- Event types or '*'.
  enabled_events             jsonb NOT NULL,
  -- A job must hold every pair to be delivered.
  metadata                   jsonb NOT NULL DEFAULT '{}',
  status                     text NOT NULL CHECK (status IN ('enabled', 'disabled')),
  disabled_reason            text,
  -- `whsec_…`; deliveries are signed with it (and with previous_secret until it expires).
  secret                     text NOT NULL,
  previous_secret            text,
  -- ms.
  previous_secret_expires_at bigint,
  -- ms: the first failure since the last success (NULL while healthy); 5 days of it disables.
  failing_since              bigint,
  -- Unix seconds.
  created_at                 bigint NOT NULL
);
CREATE INDEX webhook_endpoints_org_seq ON webhook_endpoints (organization_id, seq);

-- One event to send to one endpoint, leased like a job: a worker claims it (FOR UPDATE SKIP
-- LOCKED, lease owner + expiry), makes one attempt, and records the outcome fenced by its lease and
-- attempt number.
CREATE TABLE webhook_deliveries (
  seq              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id               text NOT NULL UNIQUE,
  event_id         text NOT NULL REFERENCES job_events (id) ON DELETE CASCADE,
  endpoint_id      text NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  organization_id  text NOT NULL,
  status           text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
  attempt_count    integer NOT NULL DEFAULT 0,
  -- ms.
  next_attempt_at  bigint NOT NULL,
  lease_owner      text,
  lease_expires_at bigint,
  created_at       bigint NOT NULL
);
-- At most one pending delivery per event and endpoint: never two attempts at once for one pair
-- (a redelivery of a pending one only moves its next attempt to now).
CREATE UNIQUE INDEX webhook_deliveries_pending_pair ON webhook_deliveries (event_id, endpoint_id) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id);

-- The delivery log: one row per attempt made (`GET /v1/webhook_endpoints/{id}/deliveries`).
CREATE TABLE webhook_attempts (
  seq              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- `wda_` + 21-character nanoid.
  id               text NOT NULL UNIQUE,
  delivery_id      text NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
  endpoint_id      text NOT NULL,
  organization_id  text NOT NULL,
  event_id         text NOT NULL,
  event_type       text NOT NULL,
  attempt          integer NOT NULL,
  status_code      integer,
  duration_ms      integer NOT NULL,
  error            text,
  succeeded        boolean NOT NULL,
  -- Unix seconds.
  created_at       bigint NOT NULL,
  next_attempt_at  bigint
);
CREATE INDEX webhook_attempts_endpoint_seq ON webhook_attempts (endpoint_id, seq);

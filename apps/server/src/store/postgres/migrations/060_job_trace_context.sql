-- The trace context of the span that created the job (OpenTelemetry: the W3C `traceparent`, and
-- `tracestate` when there is one, as a JSON propagation carrier), so that its attempts join the
-- creator's trace. NULL when the creating process did not trace. Internal: never part of the Job.
ALTER TABLE jobs ADD COLUMN trace_context text;

-- The event snapshot is the row minus what a client must not see or does not need
-- (050_events_webhooks.sql); the trace context is neither, so it is left out too. The same function
-- otherwise.

CREATE OR REPLACE FUNCTION jobs_record_event() RETURNS trigger LANGUAGE plpgsql AS $$
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
    to_jsonb(NEW) - 'request' - 'response' - 'filenames' - 'lease_owner' - 'lease_expires_at' - 'trace_context'
  );
  PERFORM pg_notify('jobs_api_events', NEW.id);
  RETURN NULL;
END
$$;


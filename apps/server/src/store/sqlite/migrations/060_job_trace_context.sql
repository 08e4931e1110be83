-- The trace context of the span that created the job (OpenTelemetry: the W3C `traceparent`, and
-- `tracestate` when there is one, as a JSON propagation carrier), so that its attempts join the
-- creator's trace. NULL when the creating process did not trace. Internal: never part of the Job,
-- and not in the event snapshots (their json_object lists the columns it copies).
ALTER TABLE jobs ADD COLUMN trace_context TEXT;

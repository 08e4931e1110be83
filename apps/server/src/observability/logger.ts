import { trace } from '@opentelemetry/api';
import { pino, type Logger } from 'pino';
import { tracingEnabled } from './tracing.js';

/**
 * JSON logs on stdout (pino). Keys and access tokens never reach a log line (see http/requestContext).
 * When the process traces, each line carries the active span's `trace_id` and `span_id`, so a log
 * line and its trace join; when it does not, no mixin is installed at all.
 */
export function createLogger(level: string, bindings: Record<string, unknown> = {}): Logger {
  return pino({
    level,
    base: { service: 'jobs-api', ...bindings },
    redact: ['req.headers["api-key"]', 'apiKey'],
    ...(tracingEnabled() && { mixin: traceFields }),
  });
}

function traceFields(): Record<string, string> {
  const span = trace.getActiveSpan()?.spanContext();
  return span ? { trace_id: span.traceId, span_id: span.spanId } : {};
}

export type { Logger };

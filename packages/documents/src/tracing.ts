/**
 * Spans for the engine's main steps (parse, OCR per page, extract, classify, split, schema
 * generation, form filling), through the OpenTelemetry API only. The API is a no-op until a process
 * registers an SDK: the server's engine sandboxes do so only when tracing is configured, so with
 * tracing off a step costs one no-op span object and nothing is exported.
 */
import { SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';

const tracer = trace.getTracer('@jobs-api/documents');

function failed(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  const code = (error as { code?: unknown } | null)?.code;
  span.setStatus({ code: SpanStatusCode.ERROR, message: typeof code === 'string' ? code : error instanceof Error ? error.message : String(error) });
  if (typeof code === 'string') span.setAttribute('error.type', code);
}

/** Runs `run` as the span `name` (a child of whatever span is active), ended when it settles. */
export function step<T>(name: string, attributes: Attributes, run: (span: Span) => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await run(span);
    } catch (error) {
      failed(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/** `step` for synchronous work. */
export function stepSync<T>(name: string, attributes: Attributes, run: (span: Span) => T): T {
  return tracer.startActiveSpan(name, { attributes }, (span) => {
    try {
      return run(span);
    } catch (error) {
      failed(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

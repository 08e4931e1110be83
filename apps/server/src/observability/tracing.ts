/**
 * Traces (OpenTelemetry), as the rest of the server sees them: this module imports only
 * `@opentelemetry/api`, which is a no-op until an SDK registers itself. The SDK lives in
 * tracingSdk.ts and is imported (dynamically) only when `OTEL_EXPORTER_OTLP_ENDPOINT` or
 * `OTEL_TRACES_EXPORTER` is set, so with tracing off no `@opentelemetry/sdk-*` module is loaded
 * and every helper here returns before touching the API (`tracingEnabled()` is a boolean read).
 *
 * What is traced (docs/architecture.md, "Traces"): the create (a PRODUCER span whose context the
 * job stores), each attempt (a CONSUMER span: the create span's child on the first attempt, a new
 * trace linked to it on later ones, so one trace does not stretch over hours of backoff), each
 * engine call and the engine's steps inside the sandbox, and webhook deliveries (linked to the
 * job's trace). The job id is an attribute of every span: the ones made here set it, and a span
 * processor copies it from the context (JOB_ID) onto every other span, the HTTP and SQL ones
 * included.
 */
import {
  context,
  createContextKey,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
} from '@opentelemetry/api';

/** Attribute names: messaging semantic conventions where they fit, `jobs_api.*` for the rest. */
export const ATTR = {
  messagingSystem: 'messaging.system',
  messagingOperationType: 'messaging.operation.type',
  messagingOperationName: 'messaging.operation.name',
  messagingDestination: 'messaging.destination.name',
  messagingMessageId: 'messaging.message.id',
  messagingConsumerGroup: 'messaging.consumer.group.name',
  errorType: 'error.type',
  jobId: 'jobs_api.job.id',
  endpoint: 'jobs_api.job.endpoint',
  organizationId: 'jobs_api.organization.id',
  attempt: 'jobs_api.job.attempt',
  outcome: 'jobs_api.job.outcome',
  errorCode: 'jobs_api.error.code',
  idempotentReplay: 'jobs_api.job.idempotent_replay',
  workerId: 'jobs_api.worker.id',
} as const;

/** `messaging.system`: not one of the well-known brokers, so the product's own name. */
export const MESSAGING_SYSTEM = 'jobs_api';
/** `messaging.destination.name`: one queue, the jobs table. */
export const MESSAGING_DESTINATION = 'jobs';

/** The messaging attributes of a span that sends or processes a message (a job, a webhook event). */
export function messagingAttributes(message: { type: 'send' | 'process'; name: string; destination: string; messageId?: string }): Record<string, string> {
  return {
    [ATTR.messagingSystem]: MESSAGING_SYSTEM,
    [ATTR.messagingOperationType]: message.type,
    [ATTR.messagingOperationName]: message.name,
    [ATTR.messagingDestination]: message.destination,
    ...(message.messageId !== undefined && { [ATTR.messagingMessageId]: message.messageId }),
  };
}

/** The job a piece of work belongs to, carried in the context so every span under it gets the id. */
export const JOB_ID = createContextKey('jobs_api.job.id');

let enabled = false;

/** True once the SDK started in this process (tracingSdk.ts); false means every helper is a no-op. */
export function tracingEnabled(): boolean {
  return enabled;
}

/** Called by the SDK module (and the sandbox's) once a tracer provider is registered. */
export function markTracingEnabled(): void {
  enabled = true;
}

export function tracer() {
  return trace.getTracer('jobs-api');
}

/** `context` with the job id set (see JOB_ID). */
export function withJobId(ctx: Context, jobId: string): Context {
  return ctx.setValue(JOB_ID, jobId);
}

export function jobIdOf(ctx: Context): string | undefined {
  const value = ctx.getValue(JOB_ID);
  return typeof value === 'string' ? value : undefined;
}

/**
 * The propagation carrier of a span's context (W3C `traceparent`, plus `tracestate` when there is
 * one, or whatever `OTEL_PROPAGATORS` names), as stored with a job: JSON text, so a store column
 * holds it whichever propagator wrote it.
 */
export function serializeContext(ctx: Context): string | null {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return Object.keys(carrier).length > 0 ? JSON.stringify(carrier) : null;
}

/** The context a stored carrier describes (ROOT_CONTEXT when there is none or it does not parse). */
export function deserializeContext(stored: string | null | undefined): Context {
  if (!stored) return ROOT_CONTEXT;
  try {
    const carrier = JSON.parse(stored) as unknown;
    if (!carrier || typeof carrier !== 'object') return ROOT_CONTEXT;
    return propagation.extract(ROOT_CONTEXT, carrier as Record<string, string>);
  } catch {
    return ROOT_CONTEXT;
  }
}

/** Marks a span failed with a catalogued error code. */
export function spanFailed(span: Span, code: string, message?: string): void {
  span.setAttribute(ATTR.errorType, code);
  span.setAttribute(ATTR.errorCode, code);
  span.setStatus({ code: SpanStatusCode.ERROR, message: message ?? code });
}

export interface SpanSpec {
  name: string;
  kind: SpanKind;
  attributes: Attributes;
  links?: Link[];
  /** The parent context (default: the active one). */
  parent?: Context;
  /** The job the span is about: set on the span and in the context its children run in. */
  jobId?: string;
}

/**
 * Runs `run` inside a span when tracing is on; when it is off, runs it directly with no span (no
 * API call at all: the create path and the attempt path pay one boolean read). A thrown error
 * marks the span failed (its `code` when it has one) and is rethrown; `run` sets the outcome
 * attributes of a normal end itself.
 */
export async function inSpan<T>(spec: SpanSpec, run: (span: Span | undefined) => Promise<T>): Promise<T> {
  if (!enabled) return run(undefined);
  const parent = spec.parent ?? context.active();
  const span = tracer().startSpan(
    spec.name,
    { kind: spec.kind, attributes: spec.jobId ? { ...spec.attributes, [ATTR.jobId]: spec.jobId } : spec.attributes, links: spec.links ?? [] },
    parent,
  );
  let ctx = trace.setSpan(parent, span);
  if (spec.jobId) ctx = withJobId(ctx, spec.jobId);
  try {
    return await context.with(ctx, () => run(span));
  } catch (error) {
    const { code, name } = (error ?? {}) as { code?: unknown; name?: unknown };
    span.recordException(error instanceof Error ? error : String(error));
    // An abort (cancel, lost lease, timeout) is named so; anything without a code is ours: internal_error.
    const label = typeof code === 'string' ? code : name === 'AbortError' ? 'aborted' : 'internal_error';
    spanFailed(span, label, error instanceof Error ? error.message : undefined);
    throw error;
  } finally {
    span.end();
  }
}

/** A span's data as a sandbox sends it back (see sandbox/childTracing.ts), structured-clone safe. */
export interface SandboxSpanData {
  name: string;
  kind: SpanKind;
  traceId: string;
  spanId: string;
  traceFlags: number;
  parentSpanId: string | undefined;
  startTime: [number, number];
  endTime: [number, number];
  status: { code: SpanStatusCode; message?: string | undefined };
  attributes: Attributes;
  events: { name: string; time: [number, number]; attributes?: Attributes | undefined; droppedAttributesCount?: number | undefined }[];
  links: { traceId: string; spanId: string; traceFlags: number; attributes?: Attributes | undefined }[];
  scope: { name: string; version?: string | undefined; schemaUrl?: string | undefined };
  droppedAttributesCount: number;
  droppedEventsCount: number;
  droppedLinksCount: number;
}

let sandboxSpanSink: ((span: SandboxSpanData) => void) | undefined;

/** Set by the SDK module: where spans finished in an engine sandbox go (this process's exporter). */
export function setSandboxSpanSink(sink: (span: SandboxSpanData) => void): void {
  sandboxSpanSink = sink;
}

export function exportSandboxSpan(span: SandboxSpanData): void {
  sandboxSpanSink?.(span);
}

export { SpanKind, SpanStatusCode };
export type { Span };

/** The active context's propagation carrier as stored with a job (null when tracing is off). */
export function activeTraceContext(): string | null {
  return enabled ? serializeContext(context.active()) : null;
}

/** Runs `run` with the job id in the active context (every span started under it gets it); directly when tracing is off. */
export function withActiveJobId<T>(jobId: string, run: () => T): T {
  return enabled ? context.with(withJobId(context.active(), jobId), run) : run();
}

/** Marks the active span (an attempt's) failed with `code`; nothing when tracing is off. */
export function activeSpanFailed(code: string, message?: string): void {
  if (!enabled) return;
  const span = trace.getActiveSpan();
  if (span) spanFailed(span, code, message);
}

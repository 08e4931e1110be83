/**
 * Tracing inside an engine sandbox (loaded by sandbox/main.ts only when the server traces).
 *
 * How the engine's step spans (parse, OCR per page, extract, fill: packages/documents/src/tracing.ts)
 * reach the trace: the server sends the active span's context with each call (the pool's `engine
 * <method>` span, under the attempt span), the sandbox runs the call in that context with a tracer
 * provider of its own, and each span it finishes is sent back over the IPC channel, where the
 * server hands it to its own exporters (observability/tracingSdk.ts).
 *
 * Why back to the server rather than an SDK and an exporter in each sandbox (which would work too:
 * it inherits the `OTEL_*` environment):
 * - a sandbox is killed with SIGKILL (memory cap, step deadline, cancel, shutdown) and a batch
 *   exporter there would lose what it had not sent yet (up to `OTEL_BSP_SCHEDULE_DELAY`, 5 s), which
 *   is exactly the trace of the call someone will want to look at; a span sent when it ends is in
 *   the server before the call's result is;
 * - no exporter, HTTP/gRPC client or protobuf code in every sandbox (2 per core by default, each
 *   under `ENGINE_MEMORY_MB`), only the span classes;
 * - the spans carry the server's resource (service name, host, pid of the process that owns the
 *   sandbox) and go out with its batches and its retry rules; there is one place that exports.
 * The cost is one small IPC message per span (a page of OCR is ~1.5 s; a message is microseconds).
 */
import { context, ROOT_CONTEXT, trace, TraceFlags, type Context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { TracerProvider, type ReadableSpan, type Span, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { ATTR, jobIdOf, markTracingEnabled, withJobId, type SandboxSpanData } from '../observability/tracing.js';
import type { CallTrace } from './protocol.js';

function toData(span: ReadableSpan): SandboxSpanData {
  const ctx = span.spanContext();
  return {
    name: span.name,
    kind: span.kind,
    traceId: ctx.traceId,
    spanId: ctx.spanId,
    traceFlags: ctx.traceFlags,
    parentSpanId: span.parentSpanContext?.spanId,
    startTime: [span.startTime[0], span.startTime[1]],
    endTime: [span.endTime[0], span.endTime[1]],
    status: { code: span.status.code, message: span.status.message },
    attributes: { ...span.attributes },
    events: span.events.map((event) => ({
      name: event.name,
      time: [event.time[0], event.time[1]],
      attributes: event.attributes ? { ...event.attributes } : undefined,
      droppedAttributesCount: event.droppedAttributesCount,
    })),
    links: span.links.map((link) => ({
      traceId: link.context.traceId,
      spanId: link.context.spanId,
      traceFlags: link.context.traceFlags,
      attributes: link.attributes,
    })),
    scope: { name: span.instrumentationScope.name, version: span.instrumentationScope.version, schemaUrl: span.instrumentationScope.schemaUrl },
    droppedAttributesCount: span.droppedAttributesCount,
    droppedEventsCount: span.droppedEventsCount,
    droppedLinksCount: span.droppedLinksCount,
  };
}

/** Sends each finished span to the server, with the job id of its call on it. */
class SendToServer implements SpanProcessor {
  constructor(private readonly send: (span: SandboxSpanData) => void) {}
  onStart(span: Span, parentContext: Context): void {
    const jobId = jobIdOf(parentContext);
    if (jobId !== undefined) span.setAttribute(ATTR.jobId, jobId);
  }
  onEnd(span: ReadableSpan): void {
    if (span.spanContext().traceFlags & TraceFlags.SAMPLED) this.send(toData(span));
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

export interface SandboxTracing {
  /** Runs `call` in the context the server sent with it (as is when it sent none). */
  run<T>(trace: CallTrace | undefined, call: () => Promise<T>): Promise<T>;
}

export function startSandboxTracing(send: (span: SandboxSpanData) => void): SandboxTracing {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(new TracerProvider({ spanProcessors: [new SendToServer(send)] }));
  markTracingEnabled();
  return {
    run(callTrace, call) {
      if (!callTrace) return call();
      let ctx = trace.setSpanContext(ROOT_CONTEXT, { traceId: callTrace.traceId, spanId: callTrace.spanId, traceFlags: callTrace.traceFlags, isRemote: true });
      if (callTrace.jobId) ctx = withJobId(ctx, callTrace.jobId);
      return context.with(ctx, call);
    },
  };
}

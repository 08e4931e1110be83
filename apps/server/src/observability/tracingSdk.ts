/**
 * The OpenTelemetry SDK of a server process: imported (dynamically, by main.ts) only when
 * tracingConfigured(env) says so, before the server's own modules load, so that the HTTP, Express
 * and `pg` instrumentations patch those modules as they are first imported.
 *
 * Configuration is the standard `OTEL_*` one: `OTEL_TRACES_EXPORTER` (`otlp` by default, `console`,
 * `none`), `OTEL_EXPORTER_OTLP_[TRACES_]PROTOCOL` (`http/protobuf` by default, `http/json`, `grpc`),
 * `OTEL_EXPORTER_OTLP_[TRACES_]ENDPOINT` and `_HEADERS` (read by the exporters), `OTEL_BSP_*`,
 * `OTEL_TRACES_SAMPLER[_ARG]`, `OTEL_PROPAGATORS`, `OTEL_SERVICE_NAME`, `OTEL_RESOURCE_ATTRIBUTES`
 * (read by NodeSDK). Only traces: metrics stay on `/metrics` (Prometheus) and logs on stdout (pino,
 * with `trace_id`/`span_id`).
 *
 * The span processors are built here rather than by NodeSDK from the environment (the same rules)
 * because spans finished inside an engine sandbox are handed to them directly (see
 * sandbox/childTracing.ts for why the sandboxes export through this process).
 */
import { register } from 'node:module';
import type { Context } from '@opentelemetry/api';
import { getNumberFromEnv, getStringFromEnv, getStringListFromEnv, type InstrumentationScope } from '@opentelemetry/core';
import { OTLPTraceExporter as GrpcExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import type { Resource } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
  type Span,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import { ATTR, jobIdOf, markTracingEnabled, setSandboxSpanSink, type SandboxSpanData } from './tracing.js';

export interface Tracing {
  shutdown(): Promise<void>;
}

/** The exporters `OTEL_TRACES_EXPORTER` names (default `otlp`), each with the processor the spec gives it. */
function processorsFromEnv(): SpanProcessor[] {
  const names = [...new Set(getStringListFromEnv('OTEL_TRACES_EXPORTER') ?? [])].filter((name) => name !== 'none');
  if (names.length === 0) names.push('otlp');
  const processors: SpanProcessor[] = [];
  for (const name of names) {
    if (name === 'console') {
      processors.push(new SimpleSpanProcessor({ exporter: new ConsoleSpanExporter() }));
      continue;
    }
    if (name !== 'otlp') {
      console.warn(`jobs-api: OTEL_TRACES_EXPORTER=${name} is not supported here (otlp, console, none); ignored`);
      continue;
    }
    const protocol = getStringFromEnv('OTEL_EXPORTER_OTLP_TRACES_PROTOCOL') ?? getStringFromEnv('OTEL_EXPORTER_OTLP_PROTOCOL') ?? 'http/protobuf';
    let exporter: SpanExporter;
    if (protocol === 'http/json') exporter = new JsonExporter();
    else if (protocol === 'grpc') exporter = new GrpcExporter();
    else {
      if (protocol !== 'http/protobuf') console.warn(`jobs-api: OTLP protocol "${protocol}" is not supported; using http/protobuf`);
      exporter = new ProtobufExporter();
    }
    processors.push(
      new BatchSpanProcessor({
        exporter,
        scheduledDelayMillis: getNumberFromEnv('OTEL_BSP_SCHEDULE_DELAY'),
        exportTimeoutMillis: getNumberFromEnv('OTEL_BSP_EXPORT_TIMEOUT'),
        maxQueueSize: getNumberFromEnv('OTEL_BSP_MAX_QUEUE_SIZE'),
        maxExportBatchSize: getNumberFromEnv('OTEL_BSP_MAX_EXPORT_BATCH_SIZE'),
      }),
    );
  }
  return processors;
}

/**
 * In front of the exporters' processors: puts the job id carried in the context on every span
 * (HTTP, Express and SQL spans included), remembers this process's resource, and takes the spans
 * a sandbox finished.
 */
class JobsApiSpanProcessor implements SpanProcessor {
  resource: Resource | undefined;
  constructor(private readonly next: SpanProcessor[]) {}

  onStart(span: Span, parentContext: Context): void {
    this.resource ??= span.resource;
    const jobId = jobIdOf(parentContext);
    if (jobId !== undefined && span.attributes[ATTR.jobId] === undefined) span.setAttribute(ATTR.jobId, jobId);
    for (const processor of this.next) processor.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    for (const processor of this.next) processor.onEnd(span);
  }

  /** A span a sandbox finished, as if it had ended here (same resource, same exporters). */
  fromSandbox(data: SandboxSpanData): void {
    if (!this.resource) return; // no span of ours started yet: the call that made it was not traced
    const scope: InstrumentationScope = { name: data.scope.name, version: data.scope.version, schemaUrl: data.scope.schemaUrl };
    const span: ReadableSpan = {
      name: data.name,
      kind: data.kind,
      spanContext: () => ({ traceId: data.traceId, spanId: data.spanId, traceFlags: data.traceFlags }),
      parentSpanContext: data.parentSpanId ? { traceId: data.traceId, spanId: data.parentSpanId, traceFlags: data.traceFlags } : undefined,
      startTime: data.startTime,
      endTime: data.endTime,
      duration: hrDiff(data.endTime, data.startTime),
      status: data.status,
      attributes: data.attributes,
      links: data.links.map((link) => ({ context: { traceId: link.traceId, spanId: link.spanId, traceFlags: link.traceFlags }, attributes: link.attributes })),
      events: data.events,
      ended: true,
      resource: this.resource,
      instrumentationScope: scope,
      droppedAttributesCount: data.droppedAttributesCount,
      droppedEventsCount: data.droppedEventsCount,
      droppedLinksCount: data.droppedLinksCount,
    };
    this.onEnd(span);
  }

  forceFlush(): Promise<void> {
    return Promise.all(this.next.map((p) => p.forceFlush())).then(() => undefined);
  }

  shutdown(): Promise<void> {
    return Promise.all(this.next.map((p) => p.shutdown())).then(() => undefined);
  }
}

function hrDiff(end: [number, number], start: [number, number]): [number, number] {
  let seconds = end[0] - start[0];
  let nanos = end[1] - start[1];
  if (nanos < 0) {
    seconds -= 1;
    nanos += 1e9;
  }
  return [seconds, nanos];
}

/**
 * Starts tracing in this process. The ESM loader hook (import-in-the-middle, through
 * `@opentelemetry/instrumentation/hook.mjs`) is registered for the instrumented packages only: the
 * server is ESM and imports `express` and `pg` with `import`, which the CommonJS require hook alone
 * does not see; limiting the hook to them leaves every other module loading as it does untraced.
 */
export function startTracing(serviceName: string): Tracing {
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url, { data: { include: ['express', 'pg', 'pg-pool', 'router'] } });
  const processor = new JobsApiSpanProcessor(processorsFromEnv());
  const sdk = new NodeSDK({
    serviceName: getStringFromEnv('OTEL_SERVICE_NAME') ?? serviceName,
    spanProcessors: [processor],
    // Traces only (see above): without these, NodeSDK would also start OTLP metric and log exporters.
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        // Probes and scrapes would be most of the spans and tell nothing.
        ignoreIncomingRequestHook: (request) => /^\/(healthz|readyz|metrics)(\?|$)/.test(request.url ?? ''),
      }),
      new ExpressInstrumentation(),
      new PgInstrumentation({ requireParentSpan: true }),
    ],
  });
  sdk.start();
  setSandboxSpanSink((span) => processor.fromSandbox(span));
  markTracingEnabled();
  return { shutdown: () => sdk.shutdown() };
}

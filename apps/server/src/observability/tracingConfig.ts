/**
 * Whether this process traces: decided from the environment alone, before anything of
 * OpenTelemetry is imported (this module imports nothing), so that with tracing off no SDK module
 * is ever loaded (docs/architecture.md, "Traces").
 *
 * On when an OTLP endpoint is configured (`OTEL_EXPORTER_OTLP_ENDPOINT` or
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) or an exporter is named (`OTEL_TRACES_EXPORTER`, e.g.
 * `console`); off when `OTEL_TRACES_EXPORTER=none` or `OTEL_SDK_DISABLED=true`, as the spec says.
 */
export function tracingConfigured(env: NodeJS.ProcessEnv): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  if (exporters.length > 0) return !(exporters.length === 1 && exporters[0] === 'none');
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim());
}

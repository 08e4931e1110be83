/** When a process traces: decided from the environment alone (observability/tracingConfig.ts). */
import { describe, expect, it } from 'vitest';
import { tracingConfigured } from '../src/observability/tracingConfig.js';

describe('tracingConfigured', () => {
  it.each([
    [{}, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }, true],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:4318/v1/traces' }, true],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: '  ' }, false],
    [{ OTEL_TRACES_EXPORTER: 'console' }, true],
    [{ OTEL_TRACES_EXPORTER: 'otlp' }, true],
    [{ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }, false],
    [{ OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }, false],
    [{ OTEL_SDK_DISABLED: 'false', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }, true],
    // Only metrics or logs configured: traces stay off.
    [{ OTEL_METRICS_EXPORTER: 'otlp', OTEL_SERVICE_NAME: 'x' }, false],
  ])('%j → %s', (env, expected) => {
    expect(tracingConfigured(env)).toBe(expected);
  });
});

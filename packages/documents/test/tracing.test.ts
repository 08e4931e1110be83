/**
 * The engine's step spans (src/tracing.ts), under a tracer provider registered here as a server's
 * sandbox registers one: parse with one OCR span per scanned page, extract, each nested under the
 * span that was active when the call began.
 */
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, useEngine } from './helpers/engine.js';
import { documentRef, localFixture } from './helpers/fixtures.js';

const exporter = new InMemorySpanExporter();
beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] }));
});
afterAll(() => {
  trace.disable();
  context.disable();
});

const engine = useEngine();

/** Runs `run` under a span of its own and answers the spans that ended under it. */
async function under(run: () => Promise<unknown>) {
  exporter.reset();
  const outer = trace.getTracer('test').startSpan('attempt');
  await context.with(trace.setSpan(context.active(), outer), run);
  outer.end();
  const spans = exporter.getFinishedSpans();
  const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
  const parentName = (name: string) => byId.get(spans.find((s) => s.name === name)!.parentSpanContext!.spanId)?.name;
  return { spans, parentName };
}

describe('engine step spans', () => {
  it('parse of a scanned PDF: engine.parse with an engine.ocr span for its page', async () => {
    const { spans, parentName } = await under(() =>
      engine.parse({ document: documentRef('scanned_invoice.pdf', 'application/pdf', localFixture('scanned_invoice.pdf')), image_resolution_dpi: 200 }, call()),
    );
    const ocr = spans.filter((s) => s.name === 'engine.ocr');
    expect(ocr.map((s) => s.attributes['jobs_api.document.page'])).toEqual([1]);
    expect(parentName('engine.ocr')).toBe('engine.parse');
    expect(parentName('engine.parse')).toBe('attempt');
    expect(spans.find((s) => s.name === 'engine.parse')!.attributes).toMatchObject({
      'jobs_api.document.page_count': 1,
      'jobs_api.document.mime_type': 'application/pdf',
    });
  });

  it('extract: engine.parse then engine.extract, both under the caller’s span', async () => {
    const { spans, parentName } = await under(() =>
      engine.extract(
        {
          document: documentRef('order.txt', 'text/plain', localFixture('order.txt')),
          json_schema: { type: 'object', properties: { total: { type: 'number' } } },
        },
        call(),
      ),
    );
    expect(spans.map((s) => s.name).filter((n) => n.startsWith('engine.'))).toEqual(['engine.parse', 'engine.extract']);
    expect(parentName('engine.parse')).toBe('attempt');
    expect(parentName('engine.extract')).toBe('attempt');
  });
});

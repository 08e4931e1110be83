/**
 * The entry point of an engine sandbox: a child process that runs document-engine calls sent by
 * the server (sandbox/pool.ts), one at a time. Everything that reads an untrusted document — pdfjs,
 * the canvas library, tesseract, the DOCX converter, form inference, local extraction — runs
 * here, so an abort, a segfault or an out-of-memory ends this process only.
 */
import { readFile } from 'node:fs/promises';
import { setPriority } from 'node:os';
import { configureDocumentLimits, parseDataUrl, type DocumentEngine, type FormEngine, type ResolveDocument } from '@jobs-api/documents/api';
import { createDocumentEngine } from '@jobs-api/documents/engine';
import type { selectPdfPages } from '@jobs-api/documents';
import { injectFaults } from './faults.js';
import { SANDBOX_FILE_SCHEME, type ChildMessage, type ParentMessage, type SandboxErrorData, type SandboxFile, type SandboxInit } from './protocol.js';

const init = JSON.parse(process.env.JOBS_API_SANDBOX_INIT ?? '{}') as SandboxInit;
try {
  setPriority(0, init.nice);
} catch {
  // Not permitted here: run at the default priority.
}
configureDocumentLimits(init.limits);
const fetchPolicy = { allowHttp: init.fetchAllowHttp, allowPrivateNetworks: init.fetchAllowPrivateNetworks };
const engine: DocumentEngine = createDocumentEngine({ modelMap: init.modelMap, fetch: fetchPolicy, ocr: { poolSize: init.ocrWorkers } });
// The form engine and the PDF page cutter (pdf-lib, the canvas library) load on their first call:
// a sandbox starts with the document engine only (~0.3 s of CPU, not ~0.55 s), which matters each
// time one is replaced after a kill and each time a worker starts.
type SelectPdfPages = typeof selectPdfPages;
let formsModule: Promise<{ forms: FormEngine; selectPdfPages: SelectPdfPages }> | undefined;
const loadForms = () =>
  (formsModule ??= import('@jobs-api/documents').then((documents) => ({
    forms: documents.createFormEngine({ modelMap: init.modelMap, fetch: fetchPolicy }),
    selectPdfPages: documents.selectPdfPages,
  })));

function send(message: ChildMessage): void {
  process.send?.(message);
}

// Loaded only when the server traces: otherwise the step spans of the engine stay API no-ops.
const tracing = init.tracing ? (await import('./childTracing.js')).startSandboxTracing((span) => send({ type: 'span', span })) : undefined;

/** Reads the documents the server handed over as files; other URLs are not resolvable here. */
function fileResolver(files: SandboxFile[]): ResolveDocument {
  return async (url) => {
    if (!url.startsWith(SANDBOX_FILE_SCHEME)) return undefined;
    const file = files[Number(url.slice(SANDBOX_FILE_SCHEME.length))];
    if (!file) return undefined;
    if (file.kind === 'data-url') return parseDataUrl(await readFile(file.path, 'latin1'));
    return { bytes: new Uint8Array(await readFile(file.path)), mimeType: file.mimeType ?? 'application/octet-stream' };
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the engine's methods, each with its own argument types, called by name from the IPC message
type Call = (args: any[], options: { signal: AbortSignal; resolveDocument: ResolveDocument }) => Promise<unknown>;

const methods: Record<string, Call> = {
  parse: ([request], options) => engine.parse(request, options),
  extract: ([request], options) => engine.extract(request, options),
  classify: ([request], options) => engine.classify(request, options),
  split: ([request], options) => engine.split(request, options),
  generateSchema: ([request], options) => engine.generateSchema(request, options),
  formGenerate: async ([request], options) => (await loadForms()).forms.generate(request, options),
  formFill: async ([request], options) => (await loadForms()).forms.fill(request, options),
  formFillTemplate: async ([template, request], options) => {
    const resolved = await options.resolveDocument(template.url);
    if (!resolved) throw new Error('the template PDF was not handed over');
    const { forms } = await loadForms();
    return forms.fillTemplate({ filename: template.filename, fields: template.fields, bytes: resolved.bytes }, request, options);
  },
  formInfer: async ([document], options) => (await loadForms()).forms.infer(document, options),
  selectPdfPages: async ([pdf, pages], options) => {
    const resolved = await options.resolveDocument(pdf.url);
    if (!resolved) throw new Error('the PDF was not handed over');
    return (await loadForms()).selectPdfPages(resolved.bytes, pages);
  },
  formCheckDocument: async ([document], options) => {
    // checkDocument reads inline data: URLs only; a handed-over file is read here first.
    const resolved = document.url.startsWith(SANDBOX_FILE_SCHEME) ? await options.resolveDocument(document.url) : undefined;
    const url = resolved ? `data:${resolved.mimeType};base64,${Buffer.from(resolved.bytes).toString('base64')}` : document.url;
    return (await loadForms()).forms.checkDocument({ ...document, url });
  },
};

function errorData(error: unknown): SandboxErrorData {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const e = error as Error & Partial<Omit<SandboxErrorData, 'name' | 'message'>>;
  return {
    name: e.name,
    message: e.message,
    ...(typeof e.code === 'string' && { code: e.code }),
    ...(typeof e.status === 'number' && { status: e.status }),
    ...(typeof e.retryable === 'boolean' && { retryable: e.retryable }),
    ...(e.details !== undefined && { details: e.details }),
  };
}

const running = new Map<number, AbortController>();

process.on('message', (message: ParentMessage) => {
  if (message.type === 'abort') {
    running.get(message.id)?.abort(new DOMException('The call was aborted', 'AbortError'));
    return;
  }
  const controller = new AbortController();
  running.set(message.id, controller);
  void (async () => {
    try {
      injectFaults(init.faultDir);
      const call = methods[message.method];
      if (!call) throw new Error(`unknown sandbox method ${message.method}`);
      const options = { signal: controller.signal, resolveDocument: fileResolver(message.files) };
      const value = await (tracing ? tracing.run(message.trace, () => call(message.args, options)) : call(message.args, options));
      send({ type: 'result', id: message.id, ok: true, value });
    } catch (error) {
      send({ type: 'result', id: message.id, ok: false, error: errorData(error), aborted: controller.signal.aborted });
    } finally {
      running.delete(message.id);
    }
  })();
});

// The server went away (or killed the channel): nothing is left to answer to.
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });

import { DocumentError, throwIfAborted } from './errors.js';
import { CREDITS_PER_PAGE } from './usage.js';
import { enforceSchema, estimateTokens, extractionResponse } from './extraction-result.js';
import { createGuardedFetch, modelMapHosts, type GuardedFetch, type GuardedFetchOptions } from './input/guarded-fetch.js';
import { loadDocument, type ResolveDocument } from './input/load-document.js';
import { classifyLocally } from './local/classify.js';
import { voteExtractions } from './local/consensus.js';
import { EXTRACTION_VARIANTS, extractLocally, type LocalExtraction } from './local/extract.js';
import { generateSchemaLocally } from './local/generate-schema.js';
import { splitLocally } from './local/split.js';
import { parseDocument } from './parse/index.js';
import { createOcrPool, type OcrPoolOptions } from './parse/ocr-pool.js';
import { type ParsedDocument, renderPage } from './parse/parsed-document.js';
import type { ModelRoute } from './provider/chat-completions.js';
import { classifyWithProvider, extractWithProvider, generateSchemaWithProvider, splitWithProvider } from './provider/tasks.js';
import { DEFAULT_MODEL, integerInRange, namedDescriptions, numberInRange, requireDocument, requireSchema, tableFormat } from './request-checks.js';
import { compileSchema } from './schema/json-schema.js';
import type {
  ClassifyRequest,
  ClassifyResult,
  DocumentRef,
  ExtractRequest,
  ExtractResult,
  GenerateSchemaRequest,
  GenerateSchemaResult,
  ParseRequest,
  ParseResult,
  SplitRequest,
  SplitResult,
  Usage,
} from './types.js';
import { createModelRouter } from './provider/model-router.js';
import { step } from './tracing.js';

export { CREDITS_PER_PAGE };

/** Engine configuration. */
export interface DocumentEngineOptions {
  /** Model names routed to OpenAI-compatible servers; other `retab-*` names run locally. */
  modelMap?: Record<string, ModelRoute>;
  /** Policy for fetching `https://` document URLs (defaults: https only, public addresses, 50 MiB, 30 s). */
  fetch?: GuardedFetchOptions;
  /**
   * Policy for model-provider calls. Provider URLs come from the operator's configuration,
   * not from users, so the default allows http and private addresses (a local vLLM/Ollama),
   * with a 120 s deadline.
   */
  providerFetch?: GuardedFetchOptions;
  ocr?: OcrPoolOptions;
}

/** Per-call options. */
export interface EngineCallOptions {
  /** Aborting rejects the call promptly with an AbortError and stops its OCR. */
  signal: AbortSignal;
  /** Resolves document URLs with schemes other than `data:`/`https:` (e.g. `jobs-blob:sha256:...`). */
  resolveDocument?: ResolveDocument;
}

/** The document engine: one method per endpoint, each taking the request as sent over the API. */
export interface DocumentEngine {
  parse(request: ParseRequest, options: EngineCallOptions): Promise<ParseResult>;
  extract(request: ExtractRequest, options: EngineCallOptions): Promise<ExtractResult>;
  classify(request: ClassifyRequest, options: EngineCallOptions): Promise<ClassifyResult>;
  split(request: SplitRequest, options: EngineCallOptions): Promise<SplitResult>;
  generateSchema(request: GenerateSchemaRequest, options: EngineCallOptions): Promise<GenerateSchemaResult>;
  /** True for `retab-*` names and names in the model map. */
  isKnownModel(name: string): boolean;
  /** Terminates the OCR workers. */
  close(): Promise<void>;
}

/** The resolution PDF pages are rendered at for OCR unless a request says otherwise. */
export const DEFAULT_DPI = 192;

function usageFor(pageCount: number): Usage {
  return { page_count: pageCount, credits: pageCount * CREDITS_PER_PAGE };
}

/** Creates an engine. OCR workers start on first use. */
export function createDocumentEngine(options: DocumentEngineOptions = {}): DocumentEngine {
  const { isKnownModel, routeFor } = createModelRouter(options.modelMap);
  const documentFetch = createGuardedFetch(options.fetch);
  // Provider calls go through the same guard; only the hosts named in the model map may be private.
  const providerFetch: GuardedFetch = createGuardedFetch({
    allowHttp: true,
    allowedHosts: modelMapHosts(options.modelMap ?? {}),
    timeoutMs: 120_000,
    ...options.providerFetch,
  });
  const ocr = createOcrPool(options.ocr);

  async function load(ref: DocumentRef, call: EngineCallOptions, dpi: number, maxPages?: number): Promise<ParsedDocument> {
    return step('engine.parse', { 'jobs_api.engine.dpi': dpi }, async (span) => {
      const document = await loadDocument(ref, { fetch: documentFetch, signal: call.signal, resolveDocument: call.resolveDocument });
      span.setAttributes({ 'jobs_api.document.mime_type': document.mimeType, 'jobs_api.document.bytes': document.bytes.byteLength });
      const parsed = await parseDocument(document, { ocr, dpi, signal: call.signal, maxPages });
      span.setAttribute('jobs_api.document.page_count', parsed.pages.length);
      return parsed;
    });
  }

  const renderAll = (document: ParsedDocument): string[] => document.pages.map((page) => renderPage(page, 'markdown'));

  return {
    isKnownModel,

    async parse(request, call) {
      const model = request.model ?? DEFAULT_MODEL;
      routeFor(model);
      const format = tableFormat(request.table_parsing_format);
      const dpi = integerInRange(request.image_resolution_dpi, 'image_resolution_dpi', 72, 300, DEFAULT_DPI);
      const document = await load(requireDocument(request.document), call, dpi);
      const pages = document.pages.map((page) => renderPage(page, format));
      return {
        document: { filename: document.filename, mime_type: document.mimeType },
        usage: usageFor(pages.length),
        pages,
        text: pages.join('\n\n'),
      };
    },

    async extract(request, call) {
      const model = request.model ?? DEFAULT_MODEL;
      const route = routeFor(model);
      const schema = requireSchema(request.json_schema);
      compileSchema(schema);
      const consensus = integerInRange(request.n_consensus, 'n_consensus', 1, 8, 1);
      const temperature = numberInRange(request.temperature, 'temperature', 0, 2);
      const dpi = integerInRange(request.image_resolution_dpi, 'image_resolution_dpi', 72, 300, DEFAULT_DPI);
      const document = await load(requireDocument(request.document), call, dpi);
      return step('engine.extract', { 'jobs_api.engine.model': model, 'jobs_api.engine.consensus': consensus }, async () => {
        let runs: LocalExtraction[];
        let usage: ExtractResult['usage'];
        if (route) {
          const context = { route, fetch: providerFetch, signal: call.signal };
          const pages = renderAll(document);
          const answers = await Promise.all(Array.from({ length: consensus }, () => extractWithProvider(pages, schema, temperature, context)));
          // A provider gives no per-field confidence: a found value counts 1, agreement across runs scales it.
          runs = answers.map(({ parsed }) => ({ parsed, likelihoods: leafOnes(parsed) as Record<string, unknown> }));
          usage = answers.reduce(
            (sum, { usage: one }) => ({
              prompt_tokens: sum.prompt_tokens + one.prompt_tokens,
              completion_tokens: sum.completion_tokens + one.completion_tokens,
              total_tokens: sum.total_tokens + one.total_tokens,
            }),
            { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
          );
        } else {
          runs = EXTRACTION_VARIANTS.slice(0, consensus).map((variant) => extractLocally(document, schema, variant));
          const prompt = estimateTokens(renderAll(document).join('\n') + JSON.stringify(schema)) * consensus;
          const completion = estimateTokens(JSON.stringify(runs[0]!.parsed)) * consensus;
          usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
        }
        throwIfAborted(call.signal);
        const { parsed, likelihoods } = voteExtractions(runs);
        enforceSchema(parsed, likelihoods, schema);
        return extractionResponse(model, parsed, likelihoods, usage);
      });
    },

    async classify(request, call) {
      const model = request.model ?? DEFAULT_MODEL;
      const route = routeFor(model);
      const categories = namedDescriptions(request.categories, 'categories');
      const firstPages = request.first_n_pages === undefined ? undefined : integerInRange(request.first_n_pages, 'first_n_pages', 1, 10_000, 1);
      const document = await load(requireDocument(request.document), call, DEFAULT_DPI, firstPages);
      const result = await step('engine.classify', { 'jobs_api.engine.model': model }, async () =>
        route
          ? classifyWithProvider(renderAll(document), categories, request.context, { route, fetch: providerFetch, signal: call.signal })
          : classifyLocally(document, categories),
      );
      return { result: { classification: result.classification, reasoning: result.reasoning }, usage: usageFor(document.pages.length) };
    },

    async split(request, call) {
      const model = request.model ?? DEFAULT_MODEL;
      const route = routeFor(model);
      const subdocuments = namedDescriptions(request.subdocuments, 'subdocuments');
      const document = await load(requireDocument(request.document), call, DEFAULT_DPI);
      const splits = await step('engine.split', { 'jobs_api.engine.model': model }, async () =>
        route
          ? (await splitWithProvider(renderAll(document), subdocuments, request.context, { route, fetch: providerFetch, signal: call.signal })).splits
          : splitLocally(document, subdocuments),
      );
      return { splits, usage: usageFor(document.pages.length) };
    },

    async generateSchema(request, call) {
      const model = request.model ?? DEFAULT_MODEL;
      const route = routeFor(model);
      if (!Array.isArray(request.documents) || request.documents.length < 1 || request.documents.length > 10) {
        throw new DocumentError('invalid_request', 'documents must hold 1 to 10 documents.', 400, { field: 'documents' });
      }
      const documents: ParsedDocument[] = [];
      for (const [index, ref] of request.documents.entries()) {
        documents.push(await load(requireDocument(ref, `documents[${index}]`), call, DEFAULT_DPI));
      }
      return step('engine.generate_schema', { 'jobs_api.engine.model': model }, async () => {
        if (route) {
          const context = { route, fetch: providerFetch, signal: call.signal };
          const inputs = documents.map((document) => ({ filename: document.filename, pages: renderAll(document) }));
          return { json_schema: (await generateSchemaWithProvider(inputs, request.instructions, context)).jsonSchema };
        }
        return { json_schema: generateSchemaLocally(documents, request.instructions) };
      });
    },

    close: () => ocr.close(),
  };
}

function leafOnes(value: unknown): unknown {
  if (value === null) return 0;
  if (Array.isArray(value)) return value.map(leafOnes);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value as object).map(([key, item]) => [key, leafOnes(item)]));
  return 1;
}

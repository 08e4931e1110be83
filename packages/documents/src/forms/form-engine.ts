/**
 * The form engine: infer a PDF's fields (AcroForm, or blanks detected on a flat form), make a flat
 * form fillable, and fill any form from instructions. Offline by default; a model routed in through
 * the model map places values instead of the local matcher.
 */
import { createHash } from 'node:crypto';
import type { AgentFillRequest, FilledForm, FormField, InferredForm, TemplateGenerateRequest } from '@jobs-api/api-types';
import { invalidRequest, throwIfAborted, unprocessableDocument } from '../errors.js';
import { parseDataUrl, toDataUrl } from '../input/data-url.js';
import { createGuardedFetch, modelMapHosts, type GuardedFetchOptions } from '../input/guarded-fetch.js';
import { loadDocument, type ResolveDocument } from '../input/load-document.js';
import { createOcrPool, type OcrPool } from '../parse/ocr-pool.js';
import type { ModelRoute } from '../provider/chat-completions.js';
import { DEFAULT_MODEL, requireDocument } from '../request-checks.js';
import type { DocumentRef } from '../types.js';
import { readAcroFormFields } from './input/acroform.js';
import { addAcroFields } from './write/annotate.js';
import { placeEntries, type Placement } from './place/assign.js';
import { detectFlatFields } from './detect/detect.js';
import { writeValues } from './write/fill.js';
import { type Instructions, parseInstructions } from './place/instructions.js';
import { checkEditablePdf, type EditablePdf, openEditablePdf, requirePdfBytes } from './input/pdf-input.js';
import { placeWithProvider } from './place/provider-placement.js';
import { createModelRouter } from '../provider/model-router.js';
import { step } from '../tracing.js';

/** Form engine configuration. */
export interface FormEngineOptions {
  /** Model names routed to OpenAI-compatible servers; other `retab-*` names run locally. */
  modelMap?: Record<string, ModelRoute>;
  /** Policy for fetching `https://` document URLs (defaults: https only, public addresses). */
  fetch?: GuardedFetchOptions;
  /** Policy for model-provider calls (defaults allow http and private addresses, 120 s). */
  providerFetch?: GuardedFetchOptions;
  /** How many inferred field lists to keep, by document hash (default 16): filling one form again skips OCR. */
  cacheSize?: number;
}

/** Per-call options. */
export interface FormCallOptions {
  signal: AbortSignal;
  /** Resolves document URLs the engine does not fetch itself (the server's blob refs). */
  resolveDocument?: ResolveDocument;
}

/** A stored form to fill: its PDF and the fields inferred when it was stored. */
export interface FormTemplate {
  filename: string;
  bytes: Uint8Array;
  fields: FormField[];
}

/** A PDF checked and loaded, with its inferred fields. */
export interface InferredDocument extends FormTemplate {
  /** True when the fields are the PDF's own AcroForm fields (filled as fields, not drawn). */
  acroForm: boolean;
}

/** Infers, annotates and fills PDF forms. */
export interface FormEngine {
  /** `POST /v1/edit/templates/generate`: the fields and the PDF made fillable. */
  generate(request: TemplateGenerateRequest, call: FormCallOptions): Promise<InferredForm>;
  /** `POST /v1/edit/agent/fill`: fills the PDF from instructions. */
  fill(request: AgentFillRequest, call: FormCallOptions): Promise<FilledForm>;
  /** Loads a PDF (data:, https: or a resolvable ref), checks it and infers its fields (template create). */
  infer(document: DocumentRef, call: FormCallOptions): Promise<InferredDocument>;
  /** `POST /v1/edit/templates/fill`: fills a stored template. */
  fillTemplate(template: FormTemplate, request: { instructions: unknown; model?: string | undefined }, call: FormCallOptions): Promise<FilledForm>;
  /**
   * Checks an inline PDF before a job is stored (not a PDF, encrypted, corrupt → 422); other URLs
   * are fetched, and checked, when the job runs.
   */
  checkDocument(document: DocumentRef): Promise<void>;
  /** True for `retab-*` names and names in the model map. */
  isKnownModel(name: string): boolean;
}

const OCR_WORKERS = 1;

function filledName(filename: string): string {
  return `${filename.replace(/\.pdf$/i, '') || 'form'}_filled.pdf`;
}

/** Creates a form engine. OCR workers start only for scanned pages and stop when the call ends. */
export function createFormEngine(options: FormEngineOptions = {}): FormEngine {
  const { isKnownModel, routeFor } = createModelRouter(options.modelMap);
  const documentFetch = createGuardedFetch(options.fetch);
  // Provider calls go through the same guard; only the hosts named in the model map may be private.
  const providerFetch = createGuardedFetch({
    allowHttp: true,
    allowedHosts: modelMapHosts(options.modelMap ?? {}),
    timeoutMs: 120_000,
    ...options.providerFetch,
  });
  const cacheSize = options.cacheSize ?? 16;
  const cache = new Map<string, { fields: FormField[]; acroForm: boolean }>();

  async function loadPdf(ref: unknown, call: FormCallOptions): Promise<{ filename: string; bytes: Uint8Array }> {
    const document = await loadDocument(requireDocument(ref), { fetch: documentFetch, signal: call.signal, resolveDocument: call.resolveDocument });
    if (document.mimeType !== 'application/pdf') {
      throw unprocessableDocument('unsupported_mime_type', `Forms must be PDFs, not ${document.mimeType}.`, {
        mime_type: document.mimeType,
        supported: ['application/pdf'],
      });
    }
    return { filename: document.filename, bytes: document.bytes };
  }

  /**
   * The fields of a PDF. OCR workers (for scanned pages) live for this call only: a server keeps
   * no ~300 MB worker around between forms, and nothing is left running when it closes.
   */
  async function fieldsOf(bytes: Uint8Array, pdf: EditablePdf, signal: AbortSignal): Promise<{ fields: FormField[]; acroForm: boolean }> {
    const key = createHash('sha256').update(bytes).digest('hex');
    const known = cache.get(key);
    if (known) return structuredClone(known);
    let inferred: { fields: FormField[]; acroForm: boolean };
    if (pdf.document.getForm().getFields().length > 0) {
      inferred = { fields: readAcroFormFields(pdf.document, pdf.pages), acroForm: true };
    } else {
      let pool: OcrPool | undefined;
      try {
        const fields = await detectFlatFields(bytes, { ocr: () => (pool ??= createOcrPool({ poolSize: OCR_WORKERS })), signal });
        inferred = { fields, acroForm: false };
      } finally {
        await pool?.close();
      }
    }
    cache.set(key, structuredClone(inferred));
    if (cache.size > cacheSize) cache.delete(cache.keys().next().value!);
    return inferred;
  }

  async function place(fields: FormField[], instructions: unknown, model: string, signal: AbortSignal): Promise<Placement[]> {
    const route = routeFor(model);
    if (route) return placeWithProvider(fields, instructions as Instructions, { route, fetch: providerFetch, signal });
    const entries = parseInstructions(instructions);
    if (entries.length === 0) {
      throw invalidRequest('The instructions hold no values: write "Label: value" lines or send a JSON object.', { field: 'instructions' });
    }
    return placeEntries(fields, entries);
  }

  async function fillFields(template: InferredDocument, pdf: EditablePdf, instructions: unknown, model: string, signal: AbortSignal): Promise<FilledForm> {
    const placements = await place(template.fields, instructions, model, signal);
    throwIfAborted(signal);
    const formData = await writeValues(pdf.document, template.fields, placements, template.acroForm ? 'acroform' : 'flat');
    const bytes = await pdf.document.save();
    return { form_data: formData, filled_document: { filename: filledName(template.filename), url: toDataUrl('application/pdf', bytes) } };
  }

  async function infer(ref: DocumentRef, call: FormCallOptions): Promise<InferredDocument> {
    const { filename, bytes } = await loadPdf(ref, call);
    const pdf = await openEditablePdf(bytes);
    const { fields, acroForm } = await fieldsOf(bytes, pdf, call.signal);
    return { filename, bytes, fields, acroForm };
  }

  return {
    isKnownModel,

    infer,

    async generate(request, call) {
      routeFor(request.model ?? DEFAULT_MODEL);
      const { filename, bytes } = await loadPdf(request.document, call);
      const pdf = await openEditablePdf(bytes);
      const { fields, acroForm } = await step('engine.form_fields', {}, () => fieldsOf(bytes, pdf, call.signal));
      throwIfAborted(call.signal);
      let annotated = bytes;
      if (!acroForm && fields.length > 0) {
        await addAcroFields(pdf.document, fields);
        annotated = await pdf.document.save();
      }
      return {
        form_schema: { form_fields: fields },
        annotated_pdf: { filename: `${filename.replace(/\.pdf$/i, '') || 'form'}_fillable.pdf`, url: toDataUrl('application/pdf', annotated) },
        field_count: fields.length,
      };
    },

    async fill(request, call) {
      const model = request.model ?? DEFAULT_MODEL;
      routeFor(model);
      const { filename, bytes } = await loadPdf(request.document, call);
      const pdf = await openEditablePdf(bytes);
      const { fields, acroForm } = await step('engine.form_fields', {}, () => fieldsOf(bytes, pdf, call.signal));
      return step('engine.fill', { 'jobs_api.engine.model': model, 'jobs_api.form.fields': fields.length }, () =>
        fillFields({ filename, bytes, fields, acroForm }, pdf, request.instructions, model, call.signal),
      );
    },

    async fillTemplate(template, request, call) {
      const model = request.model ?? DEFAULT_MODEL;
      routeFor(model);
      const pdf = await openEditablePdf(template.bytes);
      const acroForm = pdf.document.getForm().getFields().length > 0;
      return step('engine.fill', { 'jobs_api.engine.model': model, 'jobs_api.form.fields': template.fields.length }, () =>
        fillFields({ ...template, acroForm }, pdf, request.instructions, model, call.signal),
      );
    },

    async checkDocument(ref) {
      if (!/^data:/i.test(ref.url)) return;
      const { bytes } = parseDataUrl(ref.url);
      requirePdfBytes(bytes);
      await checkEditablePdf(bytes);
    },
  };
}

/**
 * POST /v1/evals/extract/split: a file that bundles several documents is split into parts, and
 * each part is extracted with an extract project's schema. The engine's split finds the kinds
 * (the request's `subdocuments`, else the project's own kind); consecutive documents of one kind
 * are then told apart by the identifiers their pages state (packages/documents, local/document-boundaries.ts).
 */
import type { EvalSplitExtraction, Project, Split, Subdocument } from '@jobs-api/api-types';
import {
  acceptedMimeTypes,
  CREDITS_PER_PAGE,
  DEFAULT_MODEL,
  identifierFields,
  identifierSchema,
  isPdf,
  pageIdentity,
  readDocument,
  splitAtIdentityChanges,
  toDataUrl,
  type DocumentEngine,
  type EngineCallOptions,
  type LoadedDocument,
} from '@jobs-api/documents/api';
import type { EndpointDeps } from '../registry.js';
import type { DocumentTools, EndpointDefinition } from '../types.js';
import { evalDocumentResolver, projectOfKind } from './projectDocuments.js';
import { evalConcurrency, mapConcurrently } from './runDocuments.js';

type DocumentRef = { filename: string; url: string };

/**
 * Without `subdocuments` the only kind of document there is, is the project's: named after the
 * schema's title (or the project), described by the schema's description.
 */
function projectSubdocument(project: Project): Subdocument {
  const schema = project.json_schema ?? {};
  const name = typeof schema.title === 'string' && schema.title.trim() ? schema.title.trim() : project.name;
  const description = typeof schema.description === 'string' ? schema.description : '';
  return { name: name.slice(0, 128), description: description.slice(0, 2000) };
}

/** The Markdown of each page of the file, from one parse made when first needed. */
function markdownPages(engine: DocumentEngine, whole: DocumentRef, call: EngineCallOptions): () => Promise<string[]> {
  let pages: Promise<string[]> | undefined;
  return () => (pages ??= engine.parse({ document: whole, table_parsing_format: 'markdown' }, call).then((parsed) => parsed.pages));
}

const markdownDocument = (filename: string, text: string): DocumentRef => ({ filename, url: toDataUrl('text/markdown', new TextEncoder().encode(text)) });

/**
 * The document of one part. A part that is the whole file is the file; a PDF's part is a PDF of
 * its pages (extracted with their layout); any other format's part, and an encrypted PDF's, is
 * the Markdown of its pages (images and text formats without page breaks are one page, so this
 * is a multi-page TIFF, a long DOCX, or text with form feeds).
 */
function partDocuments(
  tools: DocumentTools,
  signal: AbortSignal,
  file: LoadedDocument,
  whole: DocumentRef,
  pageCount: number,
  markdown: () => Promise<string[]>,
) {
  const stem = file.filename.replace(/\.[^.]+$/, '');
  return async (pages: number[]): Promise<DocumentRef> => {
    if (pages.length === pageCount && pages.every((page, index) => page === index + 1)) return whole;
    const label = `${stem}-pages-${pages[0]}-${pages.at(-1)}`;
    if (isPdf(file.mimeType)) {
      try {
        return { filename: `${label}.pdf`, url: toDataUrl(file.mimeType, await tools.selectPdfPages(file.bytes, pages, signal)) };
      } catch (error) {
        // An encrypted PDF's pages cannot be copied (the engine still reads it): use their text.
        if ((error as { code?: unknown }).code !== 'document_encrypted') throw error;
      }
    }
    const all = await markdown();
    return markdownDocument(`${label}.md`, pages.map((page) => all[page - 1] ?? '').join('\n\n'));
  };
}

/**
 * Separates consecutive documents of one kind that the split returned as one part, by the
 * identifiers each page states (packages/documents, local/document-boundaries.ts). Reads only the pages of multi-page parts,
 * from their Markdown, with the identifier fields of the schema; a schema without identifier
 * fields leaves the parts as they are.
 */
async function separateDocuments(
  splits: Split[],
  schema: Record<string, unknown>,
  context: { engine: DocumentEngine; model: string; call: EngineCallOptions; markdown: () => Promise<string[]> },
): Promise<{ documents: Split[]; pagesRead: number }> {
  const fields = identifierFields(schema);
  const pagesToRead = splits.filter((part) => part.pages.length > 1).flatMap((part) => part.pages);
  if (fields.length === 0 || pagesToRead.length === 0) return { documents: splits, pagesRead: 0 };
  const markdown = await context.markdown();
  const probe = identifierSchema(schema, fields);
  const identities = new Map<number, Map<string, string>>();
  await mapConcurrently(pagesToRead, { signal: context.call.signal, concurrency: evalConcurrency() }, async (page) => {
    const text = markdown[page - 1] ?? '';
    if (!text.trim()) return;
    const extraction = await context.engine.extract(
      { document: markdownDocument(`page-${page}.md`, text), json_schema: probe, model: context.model },
      context.call,
    );
    identities.set(page, pageIdentity(extraction.choices[0]!.message.parsed, fields));
  });
  const documents = splits.flatMap((part) => splitAtIdentityChanges(part.pages, (page) => identities.get(page)).map((pages) => ({ name: part.name, pages })));
  return { documents, pagesRead: identities.size };
}

export function extractSplitEndpoint({ engine, documentTools, projects, blobs, config }: EndpointDeps): EndpointDefinition<'/v1/evals/extract/split'> {
  return {
    endpoint: '/v1/evals/extract/split',
    acceptedMimeTypes: acceptedMimeTypes('/v1/evals/extract/split'),
    async checkReferences(request, organizationId) {
      await projectOfKind(projects, organizationId, request.project_id, 'extract');
    },
    async handle(request, ctx) {
      const project = await projectOfKind(projects, ctx.organizationId, request.project_id, 'extract');
      const schema = project.json_schema ?? {};
      const model = request.model ?? DEFAULT_MODEL;
      const call: EngineCallOptions = { signal: ctx.signal, resolveDocument: evalDocumentResolver(blobs, ctx) };
      // Read once (an https:// file is fetched once, under the engine's policy); every step below works on these bytes.
      const file = await readDocument(request.document, {
        signal: ctx.signal,
        resolveDocument: call.resolveDocument,
        fetch: { allowHttp: config.fetchAllowHttp, allowPrivateNetworks: config.fetchAllowPrivateNetworks },
      });
      const whole: DocumentRef = { filename: file.filename, url: toDataUrl(file.mimeType, file.bytes) };
      const split = await engine.split({ document: whole, subdocuments: request.subdocuments ?? [projectSubdocument(project)], model }, call);
      const markdown = markdownPages(engine, whole, call);
      const { documents, pagesRead } = await separateDocuments(split.splits, schema, { engine, model, call, markdown });
      const documentOfPart = partDocuments(documentTools, ctx.signal, file, whole, split.usage.page_count, markdown);
      const parts = await mapConcurrently(documents, { signal: ctx.signal, concurrency: evalConcurrency() }, async (part) => ({
        name: part.name,
        pages: part.pages,
        extraction: await engine.extract({ document: await documentOfPart(part.pages), json_schema: schema, model }, call),
      }));
      const extractedPages = parts.reduce((sum, part) => sum + part.pages.length, 0);
      const body: EvalSplitExtraction = {
        project_id: project.id,
        parts,
        // The file's pages once for the split, the pages read for identifiers, and each part's pages for its extraction.
        usage: { page_count: split.usage.page_count, credits: split.usage.credits + (pagesRead + extractedPages) * CREDITS_PER_PAGE },
      };
      return body;
    },
  };
}

/**
 * POST /v1/evals/extract/split: a file that bundles several documents is split into parts, and
 * each part is extracted with an extract project's schema.
 */
import type { EvalSplitExtraction, Project, Subdocument } from '@jobs-api/api-types';
import {
  acceptedMimeTypes,
  CREDITS_PER_PAGE,
  DEFAULT_MODEL,
  isPdf,
  readDocument,
  selectPdfPages,
  toDataUrl,
  type DocumentEngine,
  type EngineCallOptions,
  type LoadedDocument,
} from '@jobs-api/documents';
import type { EndpointDeps } from '../registry.js';
import type { EndpointDefinition } from '../types.js';
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

/**
 * The document of one part. A part that is the whole file is the file; a PDF's part is a PDF of
 * its pages (extracted with their layout); any other format's part is the Markdown of its pages
 * from one parse of the file (images and text formats are one page each, so this is only a
 * multi-page TIFF or a long DOCX).
 */
function partDocuments(engine: DocumentEngine, file: LoadedDocument, whole: DocumentRef, pageCount: number, call: EngineCallOptions) {
  let markdownPages: Promise<string[]> | undefined;
  const stem = file.filename.replace(/\.[^.]+$/, '');
  return async (pages: number[]): Promise<DocumentRef> => {
    if (pages.length === pageCount && pages.every((page, index) => page === index + 1)) return whole;
    const label = `${stem}-pages-${pages[0]}-${pages.at(-1)}`;
    if (isPdf(file.mimeType)) return { filename: `${label}.pdf`, url: toDataUrl(file.mimeType, await selectPdfPages(file.bytes, pages)) };
    markdownPages ??= engine.parse({ document: whole, table_parsing_format: 'markdown' }, call).then((parsed) => parsed.pages);
    const all = await markdownPages;
    const text = pages.map((page) => all[page - 1] ?? '').join('\n\n');
    return { filename: `${label}.md`, url: toDataUrl('text/markdown', new TextEncoder().encode(text)) };
  };
}

export function extractSplitEndpoint({ engine, projects, blobs, config }: EndpointDeps): EndpointDefinition<'/v1/evals/extract/split'> {
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
      const documentOfPart = partDocuments(engine, file, whole, split.usage.page_count, call);
      const parts = await mapConcurrently(split.splits, { signal: ctx.signal, concurrency: evalConcurrency() }, async (part) => ({
        name: part.name,
        pages: part.pages,
        extraction: await engine.extract({ document: await documentOfPart(part.pages), json_schema: schema, model }, call),
      }));
      const extractedPages = parts.reduce((sum, part) => sum + part.pages.length, 0);
      const body: EvalSplitExtraction = {
        project_id: project.id,
        parts,
        // The file's pages once for the split, and again for the extraction of each part.
        usage: { page_count: split.usage.page_count, credits: split.usage.credits + extractedPages * CREDITS_PER_PAGE },
      };
      return body;
    },
  };
}

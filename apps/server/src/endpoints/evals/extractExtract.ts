/**
 * POST /v1/evals/extract/extract: one document extracted with an extract project's schema — a
 * document of the project (`document_id`, compared with its ground truth) or an inline one.
 */
import type { EvalExtraction } from '@jobs-api/api-types';
import { acceptedMimeTypes, compareExtraction, DEFAULT_MODEL, toExtractionComparison } from '@jobs-api/documents/api';
import { notFound } from '../../errors.js';
import type { EndpointDeps } from '../registry.js';
import type { EndpointDefinition } from '../types.js';
import { documentRef, evalDocumentResolver, projectOfKind } from './projectDocuments.js';

export function extractExtractEndpoint({ engine, projects, blobs }: EndpointDeps): EndpointDefinition<'/v1/evals/extract/extract'> {
  async function projectDocument(organizationId: string, projectId: string, documentId: string) {
    const stored = await projects.getDocument(organizationId, projectId, documentId);
    if (!stored) throw notFound('project document', documentId);
    return stored;
  }
  return {
    endpoint: '/v1/evals/extract/extract',
    acceptedMimeTypes: acceptedMimeTypes('/v1/evals/extract/extract'),
    async checkReferences(request, organizationId) {
      await projectOfKind(projects, organizationId, request.project_id, 'extract');
      if (request.document_id !== undefined) await projectDocument(organizationId, request.project_id, request.document_id);
    },
    async handle(request, ctx) {
      const project = await projectOfKind(projects, ctx.organizationId, request.project_id, 'extract');
      const schema = project.json_schema ?? {};
      const stored = request.document_id === undefined ? undefined : await projectDocument(ctx.organizationId, project.id, request.document_id);
      // The spec's oneOf guarantees exactly one of document_id and document.
      const document = stored ? documentRef(stored) : request.document!;
      const extraction = await engine.extract(
        { document, json_schema: schema, model: request.model ?? DEFAULT_MODEL },
        { signal: ctx.signal, resolveDocument: evalDocumentResolver(blobs, ctx) },
      );
      const body: EvalExtraction = {
        project_id: project.id,
        document_id: stored?.document.id ?? null,
        extraction,
        comparison: stored
          ? toExtractionComparison(
              compareExtraction(stored.document.ground_truth as Record<string, unknown>, extraction.choices[0]!.message.parsed, { schema }),
            )
          : null,
      };
      return body;
    },
  };
}

/**
 * POST /v1/evals/classify/process: classify every document of a classify project and compare
 * each answer with the labelled category (accuracy and a confusion matrix).
 */
import type { ClassifyEval } from '@jobs-api/api-types';
import { DEFAULT_MODEL, summarizeClassification } from '@jobs-api/documents';
import type { EndpointDeps } from '../registry.js';
import type { EndpointDefinition } from '../types.js';
import { documentRef, documentsToEvaluate, evalDocumentResolver, projectOfKind, projectWithoutDocuments } from './projectDocuments.js';
import { evalConcurrency, failIfAllTransient, runDocuments } from './runDocuments.js';

export function classifyProcessEndpoint({ engine, projects, blobs }: EndpointDeps): EndpointDefinition<'/v1/evals/classify/process'> {
  return {
    endpoint: '/v1/evals/classify/process',
    async checkReferences(request, organizationId) {
      const project = await projectOfKind(projects, organizationId, request.project_id, 'classify');
      if (project.document_count === 0) throw projectWithoutDocuments(project.id);
    },
    async handle(request, ctx) {
      const project = await projectOfKind(projects, ctx.organizationId, request.project_id, 'classify');
      const documents = await documentsToEvaluate(projects, ctx.organizationId, project);
      const model = request.model ?? DEFAULT_MODEL;
      const resolveDocument = evalDocumentResolver(blobs, ctx);
      const outcomes = await runDocuments(
        documents,
        { signal: ctx.signal, concurrency: evalConcurrency(), logger: ctx.logger, describe: (d) => ({ document_id: d.document.id }) },
        async (stored) => {
          const result = await engine.classify(
            { document: documentRef(stored), categories: project.categories ?? [], model },
            { signal: ctx.signal, resolveDocument },
          );
          return result.result.classification;
        },
      );
      failIfAllTransient(outcomes);
      const classified = documents.map((stored, index) => {
        const outcome = outcomes[index]!;
        return { expected: stored.document.ground_truth as string, predicted: outcome.ok ? outcome.value : null };
      });
      const body: ClassifyEval = {
        project_id: project.id,
        model,
        documents: documents.map((stored, index) => {
          const outcome = outcomes[index]!;
          const { expected, predicted } = classified[index]!;
          return { document_id: stored.document.id, expected, predicted, match: predicted === expected, error: outcome.ok ? null : outcome.error };
        }),
        metrics: summarizeClassification(classified),
      };
      return body;
    },
  };
}

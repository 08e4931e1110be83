/**
 * POST /v1/evals/classify/process: classify every document of a classify project and compare
 * each answer with the labelled category (accuracy and a confusion matrix).
 */
import type { ClassifyEval } from '@jobs-api/api-types';
import { summarizeClassification } from '@jobs-api/documents/api';
import type { EndpointDeps } from '../registry.js';
import type { EndpointDefinition } from '../types.js';
import { evaluateProjectDocuments } from './evaluateProjectDocuments.js';
import { checkProjectToEvaluate, documentRef } from './projectDocuments.js';

export function classifyProcessEndpoint({ engine, projects, blobs }: EndpointDeps): EndpointDefinition<'/v1/evals/classify/process'> {
  return {
    endpoint: '/v1/evals/classify/process',
    checkReferences: (request, organizationId) => checkProjectToEvaluate(projects, organizationId, request.project_id, 'classify'),
    async handle(request, ctx) {
      const { project, model, documents, outcomes } = await evaluateProjectDocuments({ projects, blobs }, 'classify', request, ctx, async (stored, run) => {
        const result = await engine.classify(
          { document: documentRef(stored), categories: run.project.categories ?? [], model: run.model },
          { signal: ctx.signal, resolveDocument: run.resolveDocument },
        );
        return result.result.classification;
      });
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

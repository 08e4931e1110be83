/**
 * POST /v1/evals/split/process: split every document of a split project and compare the page
 * assignment with the labelled one.
 */
import type { Split, SplitEval } from '@jobs-api/api-types';
import { scoreSplit, summarizeSplit } from '@jobs-api/documents/api';
import type { EndpointDeps } from '../registry.js';
import type { EndpointDefinition } from '../types.js';
import { evaluateProjectDocuments } from './evaluateProjectDocuments.js';
import { checkProjectToEvaluate, documentRef } from './projectDocuments.js';

export function splitProcessEndpoint({ engine, projects, blobs }: EndpointDeps): EndpointDefinition<'/v1/evals/split/process'> {
  return {
    endpoint: '/v1/evals/split/process',
    checkReferences: (request, organizationId) => checkProjectToEvaluate(projects, organizationId, request.project_id, 'split'),
    async handle(request, ctx) {
      const { project, model, documents, outcomes } = await evaluateProjectDocuments({ projects, blobs }, 'split', request, ctx, async (stored, run) => {
        const result = await engine.split(
          { document: documentRef(stored), subdocuments: run.project.subdocuments ?? [], model: run.model },
          { signal: ctx.signal, resolveDocument: run.resolveDocument },
        );
        return { predicted: result.splits, score: scoreSplit(stored.document.ground_truth as Split[], result.splits) };
      });
      const body: SplitEval = {
        project_id: project.id,
        model,
        documents: documents.map((stored, index) => {
          const outcome = outcomes[index]!;
          const expected = stored.document.ground_truth as Split[];
          if (!outcome.ok) return { document_id: stored.document.id, expected, predicted: null, page_accuracy: null, exact_match: null, error: outcome.error };
          const { predicted, score } = outcome.value;
          return { document_id: stored.document.id, expected, predicted, page_accuracy: score.page_accuracy, exact_match: score.exact_match, error: null };
        }),
        metrics: summarizeSplit(outcomes.map((outcome) => (outcome.ok ? outcome.value.score : undefined))),
      };
      return body;
    },
  };
}

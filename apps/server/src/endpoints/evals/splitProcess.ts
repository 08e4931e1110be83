/**
 * POST /v1/evals/split/process: split every document of a split project and compare the page
 * assignment with the labelled one.
 */
import type { Split, SplitEval } from '@jobs-api/api-types';
import { DEFAULT_MODEL, scoreSplit, summarizeSplit } from '@jobs-api/documents';
import type { EndpointDeps } from '../registry.js';
import type { EndpointDefinition } from '../types.js';
import { documentRef, documentsToEvaluate, evalDocumentResolver, projectOfKind, projectWithoutDocuments } from './projectDocuments.js';
import { evalConcurrency, failIfAllTransient, runDocuments } from './runDocuments.js';

export function splitProcessEndpoint({ engine, projects, blobs }: EndpointDeps): EndpointDefinition<'/v1/evals/split/process'> {
  return {
    endpoint: '/v1/evals/split/process',
    async checkReferences(request, organizationId) {
      const project = await projectOfKind(projects, organizationId, request.project_id, 'split');
      if (project.document_count === 0) throw projectWithoutDocuments(project.id);
    },
    async handle(request, ctx) {
      const project = await projectOfKind(projects, ctx.organizationId, request.project_id, 'split');
      const documents = await documentsToEvaluate(projects, ctx.organizationId, project);
      const model = request.model ?? DEFAULT_MODEL;
      const resolveDocument = evalDocumentResolver(blobs, ctx);
      const outcomes = await runDocuments(
        documents,
        { signal: ctx.signal, concurrency: evalConcurrency(), logger: ctx.logger, describe: (d) => ({ document_id: d.document.id }) },
        async (stored) => {
          const result = await engine.split(
            { document: documentRef(stored), subdocuments: project.subdocuments ?? [], model },
            { signal: ctx.signal, resolveDocument },
          );
          return { predicted: result.splits, score: scoreSplit(stored.document.ground_truth as Split[], result.splits) };
        },
      );
      failIfAllTransient(outcomes);
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

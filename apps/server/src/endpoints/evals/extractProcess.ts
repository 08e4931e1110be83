/**
 * POST /v1/evals/extract/process: extract every document of an extract project with its schema
 * and compare each labelled leaf with the ground truth (the documents package's scoring).
 */
import type { ExtractEval } from '@jobs-api/api-types';
import { compareExtraction, DEFAULT_MODEL, summarizeExtraction, toExtractionComparison } from '@jobs-api/documents';
import type { EndpointDeps } from '../registry.js';
import type { EndpointDefinition } from '../types.js';
import { documentRef, documentsToEvaluate, evalDocumentResolver, projectOfKind, projectWithoutDocuments } from './projectDocuments.js';
import { evalConcurrency, failIfAllTransient, runDocuments } from './runDocuments.js';

export function extractProcessEndpoint({ engine, projects, blobs }: EndpointDeps): EndpointDefinition<'/v1/evals/extract/process'> {
  return {
    endpoint: '/v1/evals/extract/process',
    async checkReferences(request, organizationId) {
      const project = await projectOfKind(projects, organizationId, request.project_id, 'extract');
      if (project.document_count === 0) throw projectWithoutDocuments(project.id);
    },
    async handle(request, ctx) {
      const project = await projectOfKind(projects, ctx.organizationId, request.project_id, 'extract');
      const documents = await documentsToEvaluate(projects, ctx.organizationId, project);
      const schema = project.json_schema ?? {};
      const model = request.model ?? DEFAULT_MODEL;
      const resolveDocument = evalDocumentResolver(blobs, ctx);
      const outcomes = await runDocuments(
        documents,
        { signal: ctx.signal, concurrency: evalConcurrency(), logger: ctx.logger, describe: (d) => ({ document_id: d.document.id }) },
        async (stored) => {
          const extraction = await engine.extract(
            { document: documentRef(stored), json_schema: schema, model, ...(request.n_consensus === undefined ? {} : { n_consensus: request.n_consensus }) },
            { signal: ctx.signal, resolveDocument },
          );
          const output = extraction.choices[0]!.message.parsed;
          return { output, score: compareExtraction(stored.document.ground_truth as Record<string, unknown>, output, { schema }) };
        },
      );
      failIfAllTransient(outcomes);
      const body: ExtractEval = {
        project_id: project.id,
        model,
        documents: documents.map((stored, index) => {
          const outcome = outcomes[index]!;
          if (!outcome.ok) return { document_id: stored.document.id, output: null, fields: {}, accuracy: null, error: outcome.error };
          const comparison = toExtractionComparison(outcome.value.score);
          return { document_id: stored.document.id, output: outcome.value.output, fields: comparison.fields, accuracy: comparison.accuracy, error: null };
        }),
        metrics: summarizeExtraction(outcomes.map((outcome) => (outcome.ok ? outcome.value.score : undefined))),
      };
      return body;
    },
  };
}

/**
 * POST /v1/evals/extract/process: extract every document of an extract project with its schema
 * and compare each labelled leaf with the ground truth (the documents package's scoring).
 */
import type { ExtractEval } from '@jobs-api/api-types';
import { compareExtraction, summarizeExtraction, toExtractionComparison } from '@jobs-api/documents/api';
import type { EndpointDeps } from '../registry.js';
import type { EndpointDefinition } from '../types.js';
import { evaluateProjectDocuments } from './evaluateProjectDocuments.js';
import { checkProjectToEvaluate, documentRef } from './projectDocuments.js';

export function extractProcessEndpoint({ engine, projects, blobs }: EndpointDeps): EndpointDefinition<'/v1/evals/extract/process'> {
  return {
    endpoint: '/v1/evals/extract/process',
    checkReferences: (request, organizationId) => checkProjectToEvaluate(projects, organizationId, request.project_id, 'extract'),
    async handle(request, ctx) {
      const { project, model, documents, outcomes } = await evaluateProjectDocuments({ projects, blobs }, 'extract', request, ctx, async (stored, run) => {
        const schema = run.project.json_schema ?? {};
        const extraction = await engine.extract(
          {
            document: documentRef(stored),
            json_schema: schema,
            model: run.model,
            ...(request.n_consensus === undefined ? {} : { n_consensus: request.n_consensus }),
          },
          { signal: ctx.signal, resolveDocument: run.resolveDocument },
        );
        const output = extraction.choices[0]!.message.parsed;
        return { output, score: compareExtraction(stored.document.ground_truth as Record<string, unknown>, output, { schema }) };
      });
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

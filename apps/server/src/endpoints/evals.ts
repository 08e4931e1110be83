/**
 * The evaluation endpoints: run a model over a project's labelled documents and score
 * it with the documents package's scoring, or extract documents with a project's schema. One
 * handler per endpoint under evals/.
 */
import { classifyProcessEndpoint } from './evals/classifyProcess.js';
import { extractExtractEndpoint } from './evals/extractExtract.js';
import { extractProcessEndpoint } from './evals/extractProcess.js';
import { extractSplitEndpoint } from './evals/extractSplit.js';
import { splitProcessEndpoint } from './evals/splitProcess.js';
import type { EndpointDeps } from './registry.js';
import type { EndpointRegistry } from './types.js';

type EvalEndpoints = Pick<
  EndpointRegistry,
  '/v1/evals/extract/process' | '/v1/evals/split/process' | '/v1/evals/classify/process' | '/v1/evals/extract/extract' | '/v1/evals/extract/split'
>;

export function evalEndpoints(deps: EndpointDeps): EvalEndpoints {
  return {
    '/v1/evals/extract/process': extractProcessEndpoint(deps),
    '/v1/evals/split/process': splitProcessEndpoint(deps),
    '/v1/evals/classify/process': classifyProcessEndpoint(deps),
    '/v1/evals/extract/extract': extractExtractEndpoint(deps),
    '/v1/evals/extract/split': extractSplitEndpoint(deps),
  };
}

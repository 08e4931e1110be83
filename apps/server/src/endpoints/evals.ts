/**
 * The evaluation endpoints (issue 10): run a model over a project's labelled documents and score it.
 */
import { notImplementedEndpoint } from './notImplemented.js';
import type { EndpointDeps } from './registry.js';
import type { EndpointRegistry } from './types.js';

type EvalEndpoints = Pick<
  EndpointRegistry,
  '/v1/evals/extract/process' | '/v1/evals/split/process' | '/v1/evals/classify/process' | '/v1/evals/extract/extract' | '/v1/evals/extract/split'
>;

export function evalEndpoints(_deps: EndpointDeps): EvalEndpoints {
  return {
    '/v1/evals/extract/process': notImplementedEndpoint('/v1/evals/extract/process'),
    '/v1/evals/split/process': notImplementedEndpoint('/v1/evals/split/process'),
    '/v1/evals/classify/process': notImplementedEndpoint('/v1/evals/classify/process'),
    '/v1/evals/extract/extract': notImplementedEndpoint('/v1/evals/extract/extract'),
    '/v1/evals/extract/split': notImplementedEndpoint('/v1/evals/extract/split'),
  };
}

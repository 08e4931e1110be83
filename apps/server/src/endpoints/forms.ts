/**
 * The form endpoints (issue 9): fill a PDF, fill a stored template, infer a form's fields.
 */
import { notImplementedEndpoint } from './notImplemented.js';
import type { EndpointDeps } from './registry.js';
import type { EndpointRegistry } from './types.js';

type FormEndpoints = Pick<EndpointRegistry, '/v1/edit/agent/fill' | '/v1/edit/templates/fill' | '/v1/edit/templates/generate'>;

export function formEndpoints(_deps: EndpointDeps): FormEndpoints {
  return {
    '/v1/edit/agent/fill': notImplementedEndpoint('/v1/edit/agent/fill'),
    '/v1/edit/templates/fill': notImplementedEndpoint('/v1/edit/templates/fill'),
    '/v1/edit/templates/generate': notImplementedEndpoint('/v1/edit/templates/generate'),
  };
}

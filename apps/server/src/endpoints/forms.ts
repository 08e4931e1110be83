/**
 * The form endpoints: fill a PDF, fill a stored template, infer a form's fields. Bad
 * input is refused when the job is created, so nothing is stored for it: an inline document that
 * is not a readable, unencrypted PDF (422), a template_id that is not the organization's (404).
 */
import { acceptedMimeTypes, type FormCallOptions } from '@jobs-api/documents/api';
import { getTemplate, loadTemplate } from '../templates/resource.js';
import type { EndpointDeps } from './registry.js';
import type { EndpointContext, EndpointRegistry } from './types.js';

type FormEndpoints = Pick<EndpointRegistry, '/v1/edit/agent/fill' | '/v1/edit/templates/fill' | '/v1/edit/templates/generate'>;

const callOptions = (ctx: EndpointContext): FormCallOptions => ({ signal: ctx.signal, resolveDocument: ctx.resolveDocument });

export function formEndpoints(deps: EndpointDeps): FormEndpoints {
  const { forms } = deps;
  return {
    '/v1/edit/agent/fill': {
      endpoint: '/v1/edit/agent/fill',
      acceptedMimeTypes: acceptedMimeTypes('/v1/edit/agent/fill'),
      checkReferences: (request) => forms.checkDocument(request.document),
      handle: (request, ctx) => forms.fill(request, callOptions(ctx)),
    },
    '/v1/edit/templates/generate': {
      endpoint: '/v1/edit/templates/generate',
      acceptedMimeTypes: acceptedMimeTypes('/v1/edit/templates/generate'),
      checkReferences: (request) => forms.checkDocument(request.document),
      handle: (request, ctx) => forms.generate(request, callOptions(ctx)),
    },
    '/v1/edit/templates/fill': {
      endpoint: '/v1/edit/templates/fill',
      checkReferences: async (request, organizationId) => void (await getTemplate(deps, organizationId, request.template_id)),
      // The template is read when the job runs: deleted in between, the job fails with 404.
      handle: async (request, ctx) => forms.fillTemplate(await loadTemplate(deps, ctx.organizationId, request.template_id), request, callOptions(ctx)),
    },
  };
}

/**
 * The rules of the templates resource (create, read, list, delete), HTTP-agnostic like the job
 * service: the handlers in http/operations and the templates/fill endpoint call these, and they
 * throw ApiProblem (or the engine's DocumentError) for every client-visible refusal.
 */
import type { DeletedObject, operations, Template, TemplateCreate } from '@jobs-api/api-types';
import type { FormEngine, FormTemplate } from '@jobs-api/documents/api';
import { deleteFreedBlobs } from '../blobs/freedBlobs.js';
import type { Config } from '../config.js';
import { notFound, unprocessable } from '../errors.js';
import type { BlobStore, Clock, Page } from '../interfaces.js';
import { newTemplateId } from '../jobs/ids.js';
import { parseDocumentDataUrl } from '../jobs/requestChecks.js';
import { pageOf } from '../store/pagination.js';
import type { TemplateStore } from './store.js';

/** What the templates resource needs. */
export interface TemplateDeps {
  templates: TemplateStore;
  /** The server's one form engine (create infers the fields with it). */
  forms: FormEngine;
  blobs: BlobStore;
  clock: Clock;
  config: Config;
}

/** The query of listTemplates. */
export type TemplateListParams = NonNullable<operations['listTemplates']['parameters']['query']>;

/**
 * Stores a PDF as a template with its inferred fields. The PDF is read, checked (not a PDF,
 * encrypted, corrupt → 422) and its fields inferred before anything is stored.
 */
export async function createTemplate(deps: TemplateDeps, organizationId: string, body: TemplateCreate, signal: AbortSignal): Promise<Template> {
  if (body.document.url.startsWith('data:')) {
    const { mimeType } = parseDocumentDataUrl(body.document, '/body/document/url');
    if (mimeType !== 'application/pdf') {
      throw unprocessable('unsupported_mime_type', `Templates are PDFs, not ${mimeType} (${body.document.filename}).`, {
        path: '/body/document/url',
        mime_type: mimeType,
        accepted: ['application/pdf'],
      });
    }
  }
  const inferred = await deps.forms.infer(body.document, { signal });
  const blobHash = await deps.blobs.put(inferred.bytes);
  return deps.templates.insertTemplate({
    id: newTemplateId(),
    organizationId,
    name: body.name,
    filename: inferred.filename,
    blobHash,
    fields: inferred.fields,
    createdAt: deps.clock.now(),
  });
}

export async function getTemplate(deps: Pick<TemplateDeps, 'templates'>, organizationId: string, templateId: string): Promise<Template> {
  const stored = await deps.templates.getTemplate(organizationId, templateId);
  if (!stored) throw notFound('template', templateId);
  return stored.template;
}

export async function listTemplates(deps: Pick<TemplateDeps, 'templates'>, organizationId: string, params: TemplateListParams): Promise<Page<Template>> {
  return pageOf(params, 'a template of this organization', (query) => deps.templates.listTemplates(organizationId, query));
}

export async function deleteTemplate(deps: TemplateDeps, organizationId: string, templateId: string): Promise<DeletedObject> {
  const deleted = await deps.templates.deleteTemplate(organizationId, templateId);
  if (!deleted) throw notFound('template', templateId);
  await deleteFreedBlobs(deps.blobs, deleted.unreferencedBlobs);
  return { id: templateId, object: 'template', deleted: true };
}

/** A template's PDF and fields, for filling it. */
export async function loadTemplate(deps: Pick<TemplateDeps, 'templates' | 'blobs'>, organizationId: string, templateId: string): Promise<FormTemplate> {
  const stored = await deps.templates.getTemplate(organizationId, templateId);
  if (!stored) throw notFound('template', templateId);
  const bytes = await deps.blobs.get(stored.blobHash);
  // The job_blobs reference keeps a template's PDF from being purged: a missing one is our fault (500).
  if (!bytes) throw new Error(`blob ${stored.blobHash} of template ${templateId} is missing from the blob store`);
  return { filename: stored.template.filename, bytes, fields: stored.template.form_schema.form_fields };
}

/**
 * Stored PDF form templates: one narrow interface, an implementation per database engine
 * (`store/<engine>/templateStore.ts`, its SQL beside the job store's under `store/<engine>/queries/`),
 * built on the process's one database handle (store/persistence.ts), with numbered migrations in
 * the engines' migration folders (010_templates.sql). The PDF lives in the blob
 * store; the row keeps its hash, and registers it in `job_blobs` under the template's id so the
 * job store's payload purge never deletes the bytes of a template that still exists.
 */
import type { FormField, Template } from '@jobs-api/api-types';
import type { EpochMs, Page, PageQuery } from '../interfaces.js';

/** A template to insert; its PDF is already in the blob store. */
export interface NewTemplate {
  /** `tpl_` + 21-character nanoid. */
  id: string;
  organizationId: string;
  name: string;
  filename: string;
  /** SHA-256 (hex) of the PDF in the blob store. */
  blobHash: string;
  /** The fields inferred when the template was created (what filling it places values in). */
  fields: FormField[];
  createdAt: EpochMs;
}

/** A template with where its PDF is (the API shape does not show it). */
export interface StoredTemplate {
  template: Template;
  blobHash: string;
}

/** What a delete freed: the PDF's hash when nothing references it any more. */
export interface DeletedTemplate {
  unreferencedBlobs: string[];
}

/**
 * Every read and write is scoped to an organization: another organization's template is
 * `undefined`, exactly like one that does not exist.
 */
export interface TemplateStore {
  insertTemplate(template: NewTemplate): Promise<Template>;
  getTemplate(organizationId: string, templateId: string): Promise<StoredTemplate | undefined>;
  /** One page, newest first by default; `undefined` when the cursor is not a template of the organization. */
  listTemplates(organizationId: string, query: PageQuery): Promise<Page<Template> | undefined>;
  /** `undefined` when there is no such template. */
  deleteTemplate(organizationId: string, templateId: string): Promise<DeletedTemplate | undefined>;
}

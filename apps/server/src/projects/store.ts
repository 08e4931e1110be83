/**
 * Evaluation projects and their labelled documents: one narrow interface, an implementation per
 * database engine (`store/<engine>/projectStore.ts`, its SQL beside the job store's under
 * `store/<engine>/queries/`), built on the process's one database handle (store/persistence.ts),
 * with numbered migrations in the engines' migration folders (020_projects.sql). Document bytes
 * live in the blob store; the store keeps their hash, and registers it in `job_blobs` so the job
 * store's payload purge never deletes a blob a project document still needs.
 */
import type { Project, ProjectDocument } from '@jobs-api/api-types';
import type { ProjectTask } from '@jobs-api/documents/api';
import type { EpochMs, Page, PageQuery } from '../interfaces.js';

/** A project to insert (checked by the caller). */
export interface NewProject {
  /** `proj_` + 21-character nanoid. */
  id: string;
  organizationId: string;
  name: string;
  /** The kind and what it needs (`json_schema`, `subdocuments` or `categories`). */
  task: ProjectTask;
  createdAt: EpochMs;
}

/** A labelled document to insert; its bytes are already in the blob store. */
export interface NewProjectDocument {
  /** `pdoc_` + 21-character nanoid. */
  id: string;
  organizationId: string;
  projectId: string;
  filename: string;
  /** The MIME type settled when the document was read (declared type checked against the bytes). */
  mimeType: string;
  /** SHA-256 (hex) of the bytes in the blob store. */
  blobHash: string;
  /** Checked against the project's task by the caller. */
  groundTruth: unknown;
  createdAt: EpochMs;
}

/** A project document with where its bytes are (the API shape does not show it). */
export interface StoredProjectDocument {
  document: ProjectDocument;
  blobHash: string;
}

/** What a delete freed: blob hashes no job and no project document references any more. */
export interface Deleted {
  unreferencedBlobs: string[];
}

/**
 * Every read and write is scoped to an organization: another organization's project or
 * document is `undefined`, exactly like one that does not exist.
 */
export interface ProjectStore {
  insertProject(project: NewProject): Promise<Project>;
  getProject(organizationId: string, projectId: string): Promise<Project | undefined>;
  /** One page, newest first by default; `undefined` when the cursor is not a project of the organization. */
  listProjects(organizationId: string, query: PageQuery): Promise<Page<Project> | undefined>;
  /** Deletes the project and all its documents; `undefined` when there is no such project. */
  deleteProject(organizationId: string, projectId: string): Promise<Deleted | undefined>;

  /** `undefined` when the project is gone (deleted concurrently, or never was in this organization). */
  insertDocument(document: NewProjectDocument): Promise<ProjectDocument | undefined>;
  getDocument(organizationId: string, projectId: string, documentId: string): Promise<StoredProjectDocument | undefined>;
  /** One page; `undefined` when the cursor is not a document of the project. */
  listDocuments(organizationId: string, projectId: string, query: PageQuery): Promise<Page<ProjectDocument> | undefined>;
  /** Every document of the project, oldest first: what an eval runs over. */
  listAllDocuments(organizationId: string, projectId: string): Promise<StoredProjectDocument[]>;
  deleteDocument(organizationId: string, projectId: string, documentId: string): Promise<Deleted | undefined>;
}

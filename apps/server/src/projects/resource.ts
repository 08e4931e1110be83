/**
 * The rules of the projects resource (create, read, list, delete projects and their labelled
 * documents), HTTP-agnostic like the job service: the handlers in http/operations call these and
 * they throw ApiProblem for every client-visible refusal.
 */
import type { DeletedObject, ErrorCode, operations, Project, ProjectCreate, ProjectDocument, ProjectDocumentCreate } from '@jobs-api/api-types';
import { checkGroundTruth, checkProjectTask, readDocument, type EvalInputProblem, type ProjectTask } from '@jobs-api/documents/api';
import { deleteFreedBlobs } from '../blobs/freedBlobs.js';
import type { Config } from '../config.js';
import { type ApiProblem, notFound, unprocessable } from '../errors.js';
import type { BlobStore, Clock, Page } from '../interfaces.js';
import { pageOf } from '../store/pagination.js';
import { newProjectDocumentId, newProjectId } from '../jobs/ids.js';
import { parseDocumentDataUrl } from '../jobs/requestChecks.js';
import { taskOf } from '../store/projectRows.js';
import type { ProjectStore } from './store.js';

/** What the projects resource needs. */
export interface ProjectDeps {
  projects: ProjectStore;
  blobs: BlobStore;
  clock: Clock;
  config: Config;
}

/** The query of listProjects and listProjectDocuments (the same four parameters). */
export type ProjectListParams = NonNullable<operations['listProjects']['parameters']['query']>;

function problems422(code: ErrorCode, message: string, prefix: string, problems: EvalInputProblem[]): ApiProblem {
  const errors = problems.map((problem) => ({ path: problem.path === '/' ? prefix : `${prefix}${problem.path}`, message: problem.message }));
  const summary = errors.map((error) => `${error.path} ${error.message}`).join('; ');
  return unprocessable(code, `${message} (${summary}).`, { errors });
}

function taskOfCreate(body: ProjectCreate): ProjectTask {
  switch (body.kind) {
    case 'extract':
      return { kind: 'extract', json_schema: body.json_schema };
    case 'split':
      return { kind: 'split', subdocuments: body.subdocuments };
    case 'classify':
      return { kind: 'classify', categories: body.categories };
  }
}

export async function createProject(deps: ProjectDeps, organizationId: string, body: ProjectCreate): Promise<Project> {
  const task = taskOfCreate(body);
  const problems = checkProjectTask(task);
  if (problems.length > 0) throw problems422('invalid_project', 'The project cannot be created', '/body', problems);
  return deps.projects.insertProject({ id: newProjectId(), organizationId, name: body.name, task, createdAt: deps.clock.now() });
}

export async function getProject(deps: Pick<ProjectDeps, 'projects'>, organizationId: string, projectId: string): Promise<Project> {
  const project = await deps.projects.getProject(organizationId, projectId);
  if (!project) throw notFound('project', projectId);
  return project;
}

export async function listProjects(deps: Pick<ProjectDeps, 'projects'>, organizationId: string, params: ProjectListParams): Promise<Page<Project>> {
  return pageOf(params, 'a project of this organization', (query) => deps.projects.listProjects(organizationId, query));
}

export async function deleteProject(deps: ProjectDeps, organizationId: string, projectId: string): Promise<DeletedObject> {
  const deleted = await deps.projects.deleteProject(organizationId, projectId);
  if (!deleted) throw notFound('project', projectId);
  await deleteFreedBlobs(deps.blobs, deleted.unreferencedBlobs);
  return { id: projectId, object: 'project', deleted: true };
}

/**
 * Adds a labelled document: the ground truth must fit the project's task (422
 * `invalid_ground_truth`, each failing path listed), and the file must be one the engine can
 * read (read now, with the engine's own checks, so an eval never meets an unreadable file).
 * `https://` documents are fetched once, under the same policy as the engine's fetches.
 */
export async function addProjectDocument(
  deps: ProjectDeps,
  organizationId: string,
  projectId: string,
  body: ProjectDocumentCreate,
  signal: AbortSignal,
): Promise<ProjectDocument> {
  const project = await getProject(deps, organizationId, projectId);
  const problems = checkGroundTruth(taskOf(project), body.ground_truth);
  if (problems.length > 0)
    throw problems422('invalid_ground_truth', `The ground truth does not fit this ${project.kind} project`, '/body/ground_truth', problems);
  if (body.document.url.startsWith('data:')) parseDocumentDataUrl(body.document, '/body/document/url');
  const read = await readDocument(body.document, {
    signal,
    fetch: { allowHttp: deps.config.fetchAllowHttp, allowPrivateNetworks: deps.config.fetchAllowPrivateNetworks },
  });
  const blobHash = await deps.blobs.put(read.bytes);
  const document = await deps.projects.insertDocument({
    id: newProjectDocumentId(),
    organizationId,
    projectId,
    filename: read.filename,
    mimeType: read.mimeType,
    blobHash,
    groundTruth: body.ground_truth,
    createdAt: deps.clock.now(),
  });
  if (!document) throw notFound('project', projectId);
  return document;
}

export async function getProjectDocument(
  deps: Pick<ProjectDeps, 'projects'>,
  organizationId: string,
  projectId: string,
  documentId: string,
): Promise<ProjectDocument> {
  const stored = await deps.projects.getDocument(organizationId, projectId, documentId);
  if (!stored) throw notFound('project document', documentId);
  return stored.document;
}

export async function listProjectDocuments(
  deps: Pick<ProjectDeps, 'projects'>,
  organizationId: string,
  projectId: string,
  params: ProjectListParams,
): Promise<Page<ProjectDocument>> {
  await getProject(deps, organizationId, projectId);
  return pageOf(params, 'a document of this project', (query) => deps.projects.listDocuments(organizationId, projectId, query));
}

export async function deleteProjectDocument(deps: ProjectDeps, organizationId: string, projectId: string, documentId: string): Promise<DeletedObject> {
  const deleted = await deps.projects.deleteDocument(organizationId, projectId, documentId);
  if (!deleted) throw notFound('project document', documentId);
  await deleteFreedBlobs(deps.blobs, deleted.unreferencedBlobs);
  return { id: documentId, object: 'project_document', deleted: true };
}

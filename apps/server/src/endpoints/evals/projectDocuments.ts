/**
 * What every eval handler does with its project: find it (checked at create and again when the
 * eval runs, since it may have been deleted in between), insist on its kind, and hand its stored
 * documents to the engine as blob refs that the engine resolves through the blob store.
 */
import type { Project, ProjectKind } from '@jobs-api/api-types';
import { type ApiProblem, notFound, unprocessable } from '../../errors.js';
import type { BlobStore } from '../../interfaces.js';
import type { ProjectStore, StoredProjectDocument } from '../../projects/store.js';
import type { EndpointContext } from '../types.js';

/** The organization's project, of the kind the endpoint scores: 404 when missing, 422 when of another kind. */
export async function projectOfKind(projects: ProjectStore, organizationId: string, projectId: string, kind: ProjectKind): Promise<Project> {
  const project = await projects.getProject(organizationId, projectId);
  if (!project) throw notFound('project', projectId);
  if (project.kind !== kind) {
    throw unprocessable('project_kind_mismatch', `Project ${projectId} is a ${project.kind} project; this endpoint evaluates ${kind} projects.`, {
      path: '/body/project_id',
      kind: project.kind,
      expected_kind: kind,
    });
  }
  return project;
}

/** At create, for the `…/process` evals: the project exists, is of `kind` and has documents (404/422 otherwise). */
export async function checkProjectToEvaluate(projects: ProjectStore, organizationId: string, projectId: string, kind: ProjectKind): Promise<void> {
  const project = await projectOfKind(projects, organizationId, projectId, kind);
  if (project.document_count === 0) throw projectWithoutDocuments(project.id);
}

/** The project's documents, refusing an eval with nothing to evaluate (422). */
export async function documentsToEvaluate(projects: ProjectStore, organizationId: string, project: Project): Promise<StoredProjectDocument[]> {
  const documents = await projects.listAllDocuments(organizationId, project.id);
  if (documents.length === 0) throw projectWithoutDocuments(project.id);
  return documents;
}

export function projectWithoutDocuments(projectId: string): ApiProblem {
  return unprocessable('project_has_no_documents', `Project ${projectId} has no labelled documents to evaluate; add some first.`, {
    path: '/body/project_id',
  });
}

/** The stored document as the engine reads it: a blob ref carrying its MIME type. */
export function documentRef(stored: StoredProjectDocument): { filename: string; url: string } {
  const header = encodeURIComponent(`data:${stored.document.mime_type};base64`);
  return { filename: stored.document.filename, url: `jobs-blob:sha256:${stored.blobHash}#${header}` };
}

/** `work`, or a rejection with the signal's reason as soon as it fires (the work is left to finish on its own). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Resolves project documents' blob refs from the blob store, then whatever the context resolves
 * (a job's offloaded data URLs). A blob that vanished (its document deleted while the eval ran)
 * resolves to nothing, which the engine reports as that document's 422 `document_not_found`.
 * A read is abandoned when the eval is cancelled: a slow blob store must not hold a cancelled
 * job's attempt open.
 */
export function evalDocumentResolver(blobs: BlobStore, ctx: EndpointContext): EndpointContext['resolveDocument'] {
  return async (url) => {
    // The blob-ref format of blobs/dataUrls.ts, read here rather than with readBlobRef because a
    // missing blob is a document's 422 here, not a server error (other blob store errors stay errors).
    const ref = /^jobs-blob:sha256:([0-9a-f]{64})#(.+)$/.exec(url);
    if (!ref) return ctx.resolveDocument(url);
    const bytes = await untilAborted(blobs.get(ref[1]!), ctx.signal);
    if (!bytes) return undefined;
    return { bytes, mimeType: decodeURIComponent(ref[2]!).slice('data:'.length).split(';')[0]!.toLowerCase() };
  };
}

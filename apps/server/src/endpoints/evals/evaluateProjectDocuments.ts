/**
 * What the three `…/process` evals (extract, split, classify) run: the project of their kind
 * (checked again here, since it may have been deleted or emptied since the job was created), and
 * every one of its documents through the eval's own step, a few at a time, a failed document
 * reported as its outcome. What a step does and how the outcomes are scored stay in each handler.
 */
import type { Project, ProjectKind } from '@jobs-api/api-types';
import { DEFAULT_MODEL } from '@jobs-api/documents/api';
import type { BlobStore } from '../../interfaces.js';
import type { ProjectStore, StoredProjectDocument } from '../../projects/store.js';
import type { EndpointContext } from '../types.js';
import { documentsToEvaluate, evalDocumentResolver, projectOfKind } from './projectDocuments.js';
import { evalConcurrency, failIfAllTransient, runDocuments, type DocumentOutcome } from './runDocuments.js';

/** What every document's step is given besides the document. */
export interface ProjectEval {
  project: Project;
  /** The request's model, else the default. */
  model: string;
  /** For the engine: project documents' blob refs from the blob store, then whatever the context resolves. */
  resolveDocument: EndpointContext['resolveDocument'];
}

/** The eval's run: the documents and their outcomes, in the same order. */
export interface ProjectEvalRun<R> extends ProjectEval {
  documents: StoredProjectDocument[];
  outcomes: DocumentOutcome<R>[];
}

/**
 * Runs `evaluate` over every document of the project: 404 when the project is gone, 422 when it
 * is of another kind or has no documents; fails retryably when every document failed for a
 * transient reason (runDocuments.ts).
 */
export async function evaluateProjectDocuments<R>(
  { projects, blobs }: { projects: ProjectStore; blobs: BlobStore },
  kind: ProjectKind,
  request: { project_id: string; model?: string },
  ctx: EndpointContext,
  evaluate: (stored: StoredProjectDocument, run: ProjectEval) => Promise<R>,
): Promise<ProjectEvalRun<R>> {
  const project = await projectOfKind(projects, ctx.organizationId, request.project_id, kind);
  const documents = await documentsToEvaluate(projects, ctx.organizationId, project);
  const run: ProjectEval = { project, model: request.model ?? DEFAULT_MODEL, resolveDocument: evalDocumentResolver(blobs, ctx) };
  const outcomes = await runDocuments(
    documents,
    { signal: ctx.signal, concurrency: evalConcurrency(), logger: ctx.logger, describe: (d) => ({ document_id: d.document.id }) },
    (stored) => evaluate(stored, run),
  );
  failIfAllTransient(outcomes);
  return { ...run, documents, outcomes };
}

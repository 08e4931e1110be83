/**
 * The `projects` and `project_documents` rows as both engines store them (020_projects.sql), and
 * the one conversion from a row to the API's Project / ProjectDocument. Only the project stores
 * call these.
 */
import type { Category, Project, ProjectDocument, ProjectKind, Subdocument } from '@jobs-api/api-types';
import type { ProjectTask } from '@jobs-api/documents/api';
import { toSeconds } from './rows.js';
import type { NewProject, StoredProjectDocument } from '../projects/store.js';

/** The SELECT list of a project read: its columns plus its document count. */
export const PROJECT_COLUMNS = `seq, id, organization_id, name, kind, json_schema, subdocuments, categories, created_at,
  (SELECT count(*) FROM project_documents AS d WHERE d.project_id = projects.id) AS document_count`;

/** JSON columns arrive as text from SQLite and as parsed values from PostgreSQL. */
type JsonColumn<T> = string | T | null;

/** A row of `projects`. */
export interface ProjectRow {
  /** Insertion order: list pagination is keyset on it. */
  seq: number;
  /** `proj_` + 21-character nanoid. */
  id: string;
  organization_id: string;
  name: string;
  kind: ProjectKind;
  /** Set for kind `extract` only. */
  json_schema: JsonColumn<Record<string, unknown>>;
  /** Set for kind `split` only. */
  subdocuments: JsonColumn<Subdocument[]>;
  /** Set for kind `classify` only. */
  categories: JsonColumn<Category[]>;
  /** Unix seconds. */
  created_at: number;
  /** Not a column: counted from project_documents by every read. */
  document_count: number;
}

/** A row of `project_documents`. */
export interface ProjectDocumentRow {
  seq: number;
  /** `pdoc_` + 21-character nanoid. */
  id: string;
  project_id: string;
  organization_id: string;
  filename: string;
  mime_type: string;
  /** SHA-256 (hex) of the bytes in the blob store. */
  blob_hash: string;
  /**
   * JSON text: an object (extract), a list of splits (split) or a category name (classify).
   * Always read as text (PostgreSQL selects `ground_truth::text`): a bare JSON string parsed by
   * the driver could not be told from JSON text.
   */
  ground_truth: string;
  /** Unix seconds. */
  created_at: number;
}

function json<T>(value: JsonColumn<T>): T | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}

export function rowToProject(row: ProjectRow): Project {
  return {
    id: row.id,
    object: 'project',
    name: row.name,
    kind: row.kind,
    json_schema: json(row.json_schema),
    subdocuments: json(row.subdocuments),
    categories: json(row.categories),
    document_count: Number(row.document_count),
    created_at: Number(row.created_at),
    organization_id: row.organization_id,
  };
}

export function rowToStoredDocument(row: ProjectDocumentRow): StoredProjectDocument {
  const groundTruth = JSON.parse(row.ground_truth) as unknown;
  const document: ProjectDocument = {
    id: row.id,
    object: 'project_document',
    project_id: row.project_id,
    filename: row.filename,
    mime_type: row.mime_type,
    ground_truth: groundTruth as ProjectDocument['ground_truth'],
    created_at: Number(row.created_at),
  };
  return { document, blobHash: row.blob_hash };
}

/** The task columns of a new project: the one its kind needs, the others NULL. */
export function taskColumns(project: NewProject): Pick<ProjectRow, 'kind'> & Record<'json_schema' | 'subdocuments' | 'categories', string | null> {
  const task: ProjectTask = project.task;
  return {
    kind: task.kind,
    json_schema: task.kind === 'extract' ? JSON.stringify(task.json_schema) : null,
    subdocuments: task.kind === 'split' ? JSON.stringify(task.subdocuments) : null,
    categories: task.kind === 'classify' ? JSON.stringify(task.categories) : null,
  };
}

export { toSeconds };

/** The task of a stored project (what checkGroundTruth and the evals need). */
export function taskOf(project: Project): ProjectTask {
  switch (project.kind) {
    case 'extract':
      return { kind: 'extract', json_schema: project.json_schema ?? {} };
    case 'split':
      return { kind: 'split', subdocuments: project.subdocuments ?? [] };
    case 'classify':
      return { kind: 'classify', categories: project.categories ?? [] };
  }
}

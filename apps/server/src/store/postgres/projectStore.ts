/**
 * The project store on PostgreSQL, on the process's pool (persistence.ts), through the same
 * retrying helpers as the job store: a lost connection is retried where running a statement again
 * cannot duplicate work. One module per statement under queries/.
 */
import type { PgDatabase } from './db.js';
import type { ProjectStore } from '../../projects/store.js';
import { deleteProject } from './queries/deleteProject.js';
import { deleteProjectDocument } from './queries/deleteProjectDocument.js';
import { getProjectDocument } from './queries/getProjectDocument.js';
import { getProject } from './queries/getProject.js';
import { insertProject } from './queries/insertProject.js';
import { insertProjectDocument } from './queries/insertProjectDocument.js';
import { listAllProjectDocuments, listProjectDocuments } from './queries/listProjectDocuments.js';
import { listProjects } from './queries/listProjects.js';

export function createPostgresProjectStore(db: PgDatabase): ProjectStore {
  return {
    insertProject: (project) => insertProject(db, project),
    getProject: (org, id) => getProject(db, org, id),
    listProjects: (org, query) => listProjects(db, org, query),
    deleteProject: (org, id) => deleteProject(db, org, id),

    insertDocument: (document) => insertProjectDocument(db, document),
    getDocument: (org, projectId, id) => getProjectDocument(db, org, projectId, id),
    listDocuments: (org, projectId, query) => listProjectDocuments(db, org, projectId, query),
    listAllDocuments: (org, projectId) => listAllProjectDocuments(db, org, projectId),
    deleteDocument: (org, projectId, id) => deleteProjectDocument(db, org, projectId, id),
  };
}

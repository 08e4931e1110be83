/**
 * The project store on SQLite, on the process's one database handle (persistence.ts);
 * better-sqlite3 is synchronous, each method is one short transaction. One module per statement
 * under queries/.
 */
import { asPromise, type SqliteDatabase } from './db.js';
import type { ProjectStore } from '../../projects/store.js';
import { deleteProject } from './queries/deleteProject.js';
import { deleteProjectDocument } from './queries/deleteProjectDocument.js';
import { getProjectDocument } from './queries/getProjectDocument.js';
import { getProject } from './queries/getProject.js';
import { insertProject } from './queries/insertProject.js';
import { insertProjectDocument } from './queries/insertProjectDocument.js';
import { listAllProjectDocuments, listProjectDocuments } from './queries/listProjectDocuments.js';
import { listProjects } from './queries/listProjects.js';

export function createSqliteProjectStore(db: SqliteDatabase): ProjectStore {
  return {
    insertProject: (project) => asPromise(() => insertProject(db, project)),
    getProject: (org, id) => asPromise(() => getProject(db, org, id)),
    listProjects: (org, query) => listProjects(db, org, query),
    deleteProject: (org, id) => asPromise(() => deleteProject(db, org, id)),

    insertDocument: (document) => asPromise(() => insertProjectDocument(db, document)),
    getDocument: (org, projectId, id) => asPromise(() => getProjectDocument(db, org, projectId, id)),
    listDocuments: (org, projectId, query) => listProjectDocuments(db, org, projectId, query),
    listAllDocuments: (org, projectId) => asPromise(() => listAllProjectDocuments(db, org, projectId)),
    deleteDocument: (org, projectId, id) => asPromise(() => deleteProjectDocument(db, org, projectId, id)),
  };
}

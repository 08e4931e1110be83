/**
 * The project store on SQLite, on the process's one database handle (persistence.ts);
 * better-sqlite3 is synchronous, each method is one short transaction. One module per statement
 * under queries/.
 */
import type { SqliteDatabase } from './db.js';
import type { ProjectStore } from '../../projects/store.js';
import { bindQueries } from '../storeSet.js';
import { deleteProject } from './queries/deleteProject.js';
import { deleteProjectDocument } from './queries/deleteProjectDocument.js';
import { getProjectDocument } from './queries/getProjectDocument.js';
import { getProject } from './queries/getProject.js';
import { insertProject } from './queries/insertProject.js';
import { insertProjectDocument } from './queries/insertProjectDocument.js';
import { listAllProjectDocuments, listProjectDocuments } from './queries/listProjectDocuments.js';
import { listProjects } from './queries/listProjects.js';

export function createSqliteProjectStore(db: SqliteDatabase): ProjectStore {
  return bindQueries(db, {
    insertProject,
    getProject,
    listProjects,
    deleteProject,
    insertDocument: insertProjectDocument,
    getDocument: getProjectDocument,
    listDocuments: listProjectDocuments,
    listAllDocuments: listAllProjectDocuments,
    deleteDocument: deleteProjectDocument,
  });
}

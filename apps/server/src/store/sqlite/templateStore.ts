/**
 * The template store on SQLite, on the process's one database handle (persistence.ts);
 * better-sqlite3 is synchronous, each method is one short transaction. One module per statement
 * under queries/.
 */
import type { SqliteDatabase } from './db.js';
import type { TemplateStore } from '../../templates/store.js';
import { bindQueries } from '../storeSet.js';
import { deleteTemplate } from './queries/deleteTemplate.js';
import { getTemplate } from './queries/getTemplate.js';
import { insertTemplate } from './queries/insertTemplate.js';
import { listTemplates } from './queries/listTemplates.js';

export function createSqliteTemplateStore(db: SqliteDatabase): TemplateStore {
  return bindQueries(db, { insertTemplate, getTemplate, listTemplates, deleteTemplate });
}

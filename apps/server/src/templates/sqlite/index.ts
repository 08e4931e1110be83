/**
 * The template store on SQLite, on the job store's own database handle (better-sqlite3 is
 * synchronous; each method is one short transaction). One module per statement under queries/.
 */
import type { SqliteDatabase } from '../../store/sqlite/db.js';
import type { TemplateStore } from '../store.js';
import { deleteTemplate } from './queries/deleteTemplate.js';
import { getTemplate, templateSequence } from './queries/getTemplate.js';
import { insertTemplate } from './queries/insertTemplate.js';
import { listTemplates } from './queries/listTemplates.js';

export function createSqliteTemplateStore(db: SqliteDatabase): TemplateStore {
  // Errors surface as rejections, like the PostgreSQL store's.
  const run = <T>(fn: () => T): Promise<T> => {
    try {
      return Promise.resolve(fn());
    } catch (error) {
      return Promise.reject(error);
    }
  };
  return {
    insertTemplate: (template) => run(() => insertTemplate(db, template)),
    getTemplate: (org, id) => run(() => getTemplate(db, org, id)),
    listTemplates: (org, query) =>
      run(() => {
        const cursorId = query.after ?? query.before;
        const seq = cursorId === undefined ? undefined : templateSequence(db, org, cursorId);
        if (cursorId !== undefined && seq === undefined) return undefined;
        return listTemplates(db, org, query, seq);
      }),
    deleteTemplate: (org, id) => run(() => deleteTemplate(db, org, id)),
  };
}

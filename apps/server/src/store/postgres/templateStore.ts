/**
 * The template store on PostgreSQL, on the process's pool (persistence.ts), through the same
 * retrying helpers as the job store: a lost connection is retried where running a statement again
 * cannot duplicate work. One module per statement under queries/.
 */
import type { PgDatabase } from './db.js';
import type { TemplateStore } from '../../templates/store.js';
import { bindQueries } from '../storeSet.js';
import { deleteTemplate } from './queries/deleteTemplate.js';
import { getTemplate } from './queries/getTemplate.js';
import { insertTemplate } from './queries/insertTemplate.js';
import { listTemplates } from './queries/listTemplates.js';

export function createPostgresTemplateStore(db: PgDatabase): TemplateStore {
  return bindQueries(db, { insertTemplate, getTemplate, listTemplates, deleteTemplate });
}

/**
 * The template store on PostgreSQL, on the job store's pool (through the same retrying helpers:
 * a lost connection is retried where running a statement again cannot duplicate work). One
 * module per statement under queries/.
 */
import type pg from 'pg';
import { createDatabase } from '../../store/postgres/db.js';
import type { TemplateStore } from '../store.js';
import { deleteTemplate } from './queries/deleteTemplate.js';
import { getTemplate } from './queries/getTemplate.js';
import { insertTemplate } from './queries/insertTemplate.js';
import { listTemplates } from './queries/listTemplates.js';

export function createPostgresTemplateStore(pool: pg.Pool): TemplateStore {
  const db = createDatabase(pool);
  return {
    insertTemplate: (template) => insertTemplate(db, template),
    getTemplate: (org, id) => getTemplate(db, org, id),
    listTemplates: (org, query) => listTemplates(db, org, query),
    deleteTemplate: (org, id) => deleteTemplate(db, org, id),
  };
}

/**
 * Evaluation projects and their labelled documents (issue 10 fills this in): a store per engine,
 * built from the job store's database (SQLite `db` / PostgreSQL pool), with its own numbered
 * migrations in the engines' migration folders.
 */
import type { JobStore } from '../interfaces.js';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ProjectStore {}

export function createProjectStore(_store: JobStore): ProjectStore {
  return {};
}

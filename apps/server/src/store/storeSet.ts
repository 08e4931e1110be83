/**
 * Pieces both engines build their persistence from (store/persistence.ts): the set of stores on
 * one handle, and the binding of an engine's query modules to that handle.
 */
import type { JobStore } from '../interfaces.js';
import type { ProjectStore } from '../projects/store.js';
import type { TemplateStore } from '../templates/store.js';

/** The stores on one handle; migrate and close act on the handle, through the job store. */
export function storeSet<J extends JobStore>(jobs: J, templates: TemplateStore, projects: ProjectStore) {
  return { jobs, templates, projects, migrate: () => jobs.migrate(), close: () => jobs.close() };
}

/** A query module's function: the handle first, then the store method's arguments. */
type Query<D> = (db: D, ...args: never[]) => unknown;

/** The store method of a query: the same arguments without the handle, answering a promise. */
type Bound<D, Q> = Q extends (db: D, ...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;

/**
 * Store methods from query modules, each given `db` first. A synchronous query (better-sqlite3)
 * answers a promise too, and what it throws becomes a rejection: the stores of both engines fail
 * the same way.
 */
export function bindQueries<D, Q extends Record<string, Query<D>>>(db: D, queries: Q): { [K in keyof Q]: Bound<D, Q[K]> } {
  const bind =
    (query: Query<D>) =>
    (...args: never[]) => {
      try {
        return Promise.resolve(query(db, ...args));
      } catch (error) {
        return Promise.reject(error);
      }
    };
  return Object.fromEntries(Object.entries(queries).map(([name, query]) => [name, bind(query)])) as { [K in keyof Q]: Bound<D, Q[K]> };
}

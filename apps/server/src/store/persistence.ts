/**
 * The persistence layer of a process: one database handle, opened once at start-up (one
 * better-sqlite3 Database, or one pg Pool), and every store built on it: jobs (with events and
 * webhooks), templates, projects, and with PostgreSQL the blob table (blobs/postgres.ts, on the same
 * pool). Nothing reaches a connection through a store: whoever needs the handle is given it here.
 * Every query and migration of an engine lives in its folder (`store/sqlite`, `store/postgres`).
 */
import { join } from 'node:path';
import type pg from 'pg';
import type { Config } from '../config.js';
import type { JobStore } from '../interfaces.js';
import type { ProjectStore } from '../projects/store.js';
import type { TemplateStore } from '../templates/store.js';
import { openPostgres } from './postgres/index.js';
import { openSqlite } from './sqlite/index.js';

export interface Persistence {
  readonly engine: 'sqlite' | 'postgres';
  readonly jobs: JobStore;
  readonly templates: TemplateStore;
  readonly projects: ProjectStore;
  /** The PostgreSQL pool (the blob table shares it); absent with SQLite. */
  readonly pool?: pg.Pool;
  /** Applies the engine's migrations (every store's tables), once per database, under a lock. */
  migrate(): Promise<void>;
  /** Closes the handle (and any watch still open): every store built on it stops working. */
  close(): Promise<void>;
}

export interface PersistenceOptions {
  /** Names this process's database connections (pg_stat_activity), e.g. `jobs-api worker 1234`. */
  applicationName?: string;
  /** Told when a pooled database connection was lost (the pool reconnects by itself). */
  onConnectionError?: (error: Error) => void;
}

/** PostgreSQL when `databaseUrl` is set (scaled out), else SQLite in `dataDir` (embedded). */
export function openPersistence(config: Config, options: PersistenceOptions = {}): Persistence {
  if (config.databaseUrl) {
    return openPostgres({
      url: config.databaseUrl,
      applicationName: options.applicationName ?? 'jobs-api',
      max: config.databasePoolMax,
      onError: options.onConnectionError,
    });
  }
  return openSqlite(join(config.dataDir, 'jobs.sqlite'));
}

/**
 * The stores on PostgreSQL (`pg`): what lets any number of API and worker processes share one
 * queue. One pool per process, opened by {@link openPostgres}; the job, template and project stores
 * (and the blob table, blobs/postgres.ts) are built on it. Same interfaces and same test suites as
 * the SQLite stores; what differs is concurrency:
 * claims use FOR UPDATE SKIP LOCKED, migrations and ordering-sensitive inserts take advisory locks,
 * cross-process wake-ups use LISTEN/NOTIFY (`watch`), and every method survives a lost connection
 * (db.ts). One query module per statement under queries/. A deliberate pair with sqlite/index.ts:
 * the same store methods over each engine's query modules.
 */
import pg from 'pg';
import { cursorOf } from '../pagination.js';
import type { JobStore, JobStoreWatchHandlers } from '../../interfaces.js';
import type { Persistence } from '../persistence.js';
import { storeSet } from '../storeSet.js';
import { clientConfig, createDatabase, createPool, type PgDatabase, type PgPoolOptions } from './db.js';
import { migrate } from './migrate.js';
import { listenForJobEvents } from './notify.js';
import { findApiKeysByPrefix, hasApiKeys, insertApiKey, listApiKeys, revokeApiKeys } from './queries/apiKeys.js';
import { cancelJob } from './queries/cancelJob.js';
import { claimJobs } from './queries/claimJobs.js';
import { countActiveJobs, getJob, jobSequence, queueDepth } from './queries/getJob.js';
import { claimIdempotencyKey, releaseIdempotencyKey } from './queries/idempotencyKeys.js';
import { claimKeyAndInsertJob, insertJob } from './queries/insertJob.js';
import { listJobs } from './queries/listJobs.js';
import { deleteExpiredRecords, expireJobs, purgeExpiredPayloads, requeueExpiredLeases } from './queries/maintenance.js';
import { completeJob, failJob } from './queries/recordOutcome.js';
import { renewLeases } from './queries/renewLeases.js';
import { retryJob } from './queries/retryJob.js';
import { getEvent, listEvents, listJobEvents } from './queries/events.js';
import { claimDeliveries, fanOutEvents, recordDeliveryAttempt, redeliverEvent } from './queries/webhookDeliveries.js';
import {
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  insertWebhookEndpoint,
  listWebhookAttempts,
  listWebhookEndpoints,
  rotateWebhookSecret,
  updateWebhookEndpoint,
} from './queries/webhookEndpoints.js';
import { listLiveWorkers, recordWorkerHeartbeat, removeWorker } from './queries/workers.js';
import { createPostgresProjectStore } from './projectStore.js';
import { createPostgresTemplateStore } from './templateStore.js';

export type PostgresStoreOptions = PgPoolOptions;

/** The PostgreSQL job store; `pool` is the handle it was built on (tests read tables through it). */
export type PostgresStore = JobStore & {
  readonly engine: 'postgres';
  readonly pool: pg.Pool;
  watch: NonNullable<JobStore['watch']>;
};

/** The PostgreSQL database of a process: its one pool and the stores built on it. */
export type PostgresPersistence = Persistence & { readonly engine: 'postgres'; readonly pool: pg.Pool; readonly db: PgDatabase; readonly jobs: PostgresStore };

/** Opens the process's pool once; every store (and the blob table) shares it. */
export function openPostgres(options: PostgresStoreOptions): PostgresPersistence {
  const db = createDatabase(createPool(options));
  const stores = storeSet(createPostgresJobStore(db, options), createPostgresTemplateStore(db), createPostgresProjectStore(db));
  return { engine: 'postgres', pool: db.pool, db, ...stores };
}

/** A new pool and the job store on it, for callers that need no other store (CLI, tools, tests). */
export function createPostgresStore(options: PostgresStoreOptions): PostgresStore {
  return openPostgres(options).jobs;
}

/**
 * The job store on `db`. Its migrate, close and ping act on the pool (every store's tables);
 * `options` gives `watch` its own LISTEN connection.
 */
export function createPostgresJobStore(db: PgDatabase, options: PostgresStoreOptions): PostgresStore {
  const pool = db.pool;
  const watches = new Set<() => Promise<void>>();
  let closed: Promise<void> | undefined;

  return {
    engine: 'postgres',
    pool,
    migrate: async () => void (await migrate(db)),
    close: () =>
      (closed ??= (async () => {
        await Promise.all([...watches].map((unwatch) => unwatch()));
        await pool.end();
      })()),
    ping: async () => void (await db.query('SELECT 1')),

    claimIdempotencyKey: (args) => claimIdempotencyKey(db, args),
    releaseIdempotencyKey: (org, key) => releaseIdempotencyKey(db, org, key),
    insertJob: (job, key) => insertJob(db, job, key),
    claimKeyAndInsertJob: (job, claim) => claimKeyAndInsertJob(db, job, claim),

    getJob: (org, id, include) => getJob(db, org, id, include),
    listJobs: async (org, query) => {
      const cursorId = cursorOf(query);
      const cursorSeq = cursorId === undefined ? undefined : await jobSequence(db, org, cursorId);
      return listJobs(db, org, query, cursorSeq);
    },
    countActiveJobs: (org) => countActiveJobs(db, org),
    queueDepth: (now) => queueDepth(db, now),
    jobSequence: (org, id) => jobSequence(db, org, id),

    cancelJob: (org, id, now) => cancelJob(db, org, id, now),
    retryJob: (org, id, now, opts) => retryJob(db, org, id, now, opts),

    claimJobs: (args) => claimJobs(db, args),
    renewLeases: (leases, now, leaseMs) => renewLeases(db, leases, now, leaseMs),
    completeJob: (lease, response, now) => completeJob(db, lease, response, now),
    failJob: (lease, failure, now) => failJob(db, lease, failure, now),

    requeueExpiredLeases: (now) => requeueExpiredLeases(db, now),
    expireJobs: (now) => expireJobs(db, now),
    purgeExpiredPayloads: (now, graceMs) => purgeExpiredPayloads(db, now, graceMs),
    deleteExpiredRecords: (now, retentionMs) => deleteExpiredRecords(db, now, retentionMs),

    recordWorkerHeartbeat: (w) => recordWorkerHeartbeat(db, w),
    removeWorker: (id) => removeWorker(db, id),
    listLiveWorkers: (since) => listLiveWorkers(db, since),

    insertApiKey: (k) => insertApiKey(db, k),
    findApiKeysByPrefix: (p) => findApiKeysByPrefix(db, p),
    listApiKeys: () => listApiKeys(db),
    revokeApiKeys: (p, now) => revokeApiKeys(db, p, now),
    hasApiKeys: () => hasApiKeys(db),

    listEvents: (org, query) => listEvents(db, org, query),
    getEvent: (org, id) => getEvent(db, org, id),
    listJobEvents: (org, jobId, after) => listJobEvents(db, org, jobId, after),
    insertWebhookEndpoint: (e) => insertWebhookEndpoint(db, e),
    getWebhookEndpoint: (org, id) => getWebhookEndpoint(db, org, id),
    listWebhookEndpoints: (org, query) => listWebhookEndpoints(db, org, query),
    updateWebhookEndpoint: (org, id, changes) => updateWebhookEndpoint(db, org, id, changes),
    rotateWebhookSecret: (org, id, secret, until) => rotateWebhookSecret(db, org, id, secret, until),
    deleteWebhookEndpoint: (org, id) => deleteWebhookEndpoint(db, org, id),
    listWebhookAttempts: (org, id, query) => listWebhookAttempts(db, org, id, query),
    redeliverEvent: (org, id, endpointId, now) => redeliverEvent(db, org, id, endpointId, now),
    fanOutEvents: (limit, now) => fanOutEvents(db, limit, now),
    claimDeliveries: (args) => claimDeliveries(db, args),
    recordDeliveryAttempt: (claim, outcome, now) => recordDeliveryAttempt(db, claim, outcome, now),

    async watch(handlers: JobStoreWatchHandlers) {
      if (closed) throw new Error('the store is closed');
      const stop = await listenForJobEvents(handlers, {
        // Its own connection, outside the pool: LISTEN holds it for as long as the watch lasts.
        newClient: () => new pg.Client(clientConfig(options)),
        onError: options.onError,
      });
      const unwatch = async () => {
        watches.delete(unwatch);
        await stop();
      };
      watches.add(unwatch);
      return unwatch;
    },
  };
}

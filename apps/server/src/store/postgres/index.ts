/**
 * The job store on PostgreSQL (`pg`): what lets any number of API and worker processes share one
 * queue. Same interface and same test suite as the SQLite store; what differs is concurrency:
 * claims use FOR UPDATE SKIP LOCKED, migrations and ordering-sensitive inserts take advisory locks,
 * cross-process wake-ups use LISTEN/NOTIFY (`watch`), and every method survives a lost connection
 * (db.ts). One query module per statement under queries/.
 */
import pg from 'pg';
import { cursorOf } from '../pagination.js';
import type { JobStore, JobStoreWatchHandlers } from '../../interfaces.js';
import { clientConfig, createDatabase, createPool, type PgPoolOptions } from './db.js';
import { migrate } from './migrate.js';
import { listenForJobEvents } from './notify.js';
import { findApiKeysByPrefix, hasApiKeys, insertApiKey, listApiKeys, revokeApiKeys } from './queries/apiKeys.js';
import { cancelJob } from './queries/cancelJob.js';
import { claimJobs } from './queries/claimJobs.js';
import { countActiveJobs, getJob, jobSequence, queueDepth } from './queries/getJob.js';
import { claimIdempotencyKey, releaseIdempotencyKey } from './queries/idempotencyKeys.js';
import { insertJob } from './queries/insertJob.js';
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

export type PostgresStoreOptions = PgPoolOptions;

/** The PostgreSQL store; `pool` is exposed so the PostgreSQL blob store shares the connections. */
export type PostgresStore = JobStore & {
  readonly engine: 'postgres';
  readonly pool: pg.Pool;
  watch: NonNullable<JobStore['watch']>;
};

export function isPostgresStore(store: JobStore | undefined): store is PostgresStore {
  return store?.engine === 'postgres' && 'pool' in store;
}

export function createPostgresStore(options: PostgresStoreOptions): PostgresStore {
  const pool = createPool(options);
  const db = createDatabase(pool);
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

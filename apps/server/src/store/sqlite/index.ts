/**
 * The stores on SQLite (better-sqlite3, WAL): the embedded default. One database handle per
 * process, opened by {@link openSqlite}; the job, template and project stores are built on it.
 * better-sqlite3 is synchronous; each method is one short transaction, so the event loop is
 * blocked only for the statement itself (sub-millisecond for the indexed queries here). The async
 * interfaces are shared with the PostgreSQL stores. A deliberate pair with postgres/index.ts: the
 * same store methods over each engine's query modules (here each wrapped into a promise).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { cursorOf } from '../pagination.js';
import type { JobStore } from '../../interfaces.js';
import type { Persistence } from '../persistence.js';
import { storeSet } from '../storeSet.js';
import { asPromise, openDatabase, statement, type SqliteDatabase } from './db.js';
import { migrate } from './migrate.js';
import { hasApiKeys, findApiKeysByPrefix, insertApiKey, listApiKeys, revokeApiKeys } from './queries/apiKeys.js';
import { cancelJob } from './queries/cancelJob.js';
import { claimJobs } from './queries/claimJobs.js';
import { countActiveJobs, getJob, jobSequence, queueDepth } from './queries/getJob.js';
import { claimIdempotencyKey, releaseIdempotencyKey } from './queries/idempotencyKeys.js';
import { groupCommit } from './groupCommit.js';
import { claimKeyAndInsertStatements, insertJobStatements } from './queries/insertJob.js';
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
import { createSqliteProjectStore } from './projectStore.js';
import { createSqliteTemplateStore } from './templateStore.js';

/** The SQLite database of a process: its one handle and the stores built on it. */
export type SqlitePersistence = Persistence & { readonly engine: 'sqlite'; readonly db: SqliteDatabase };

/** Opens (creating) the database file once; every store of the process shares the handle. */
export function openSqlite(file: string): SqlitePersistence {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = openDatabase(file);
  return { engine: 'sqlite', db, ...storeSet(createSqliteJobStore(db), createSqliteTemplateStore(db), createSqliteProjectStore(db)) };
}

/** A new handle on `file` and the job store on it, for callers that need no other store (CLI, tools, tests). */
export function createSqliteStore(file: string): JobStore {
  return openSqlite(file).jobs;
}

/** The job store on `db`. Its migrate, close and ping act on the handle (every store's tables). */
export function createSqliteJobStore(db: SqliteDatabase): JobStore {
  // Concurrent creates share a transaction and its commit (groupCommit.ts).
  const inserts = groupCommit(db);
  return {
    engine: 'sqlite',
    migrate: () => asPromise(() => void migrate(db)),
    close: () => asPromise(() => void (db.open && db.close())),
    ping: () => asPromise(() => void statement(db, 'SELECT 1').get()),

    claimIdempotencyKey: (args) => asPromise(() => claimIdempotencyKey(db, args)),
    releaseIdempotencyKey: (org, key) => asPromise(() => releaseIdempotencyKey(db, org, key)),
    insertJob: (job, key) => inserts.run(() => insertJobStatements(db, job, key)),
    claimKeyAndInsertJob: (job, claim) => inserts.run(() => claimKeyAndInsertStatements(db, job, claim)),

    getJob: (org, id, include) => asPromise(() => getJob(db, org, id, include)),
    listJobs: async (org, query) => {
      const cursorId = cursorOf(query);
      const cursorSeq = cursorId === undefined ? undefined : jobSequence(db, org, cursorId);
      return listJobs(db, org, query, cursorSeq);
    },
    countActiveJobs: (org) => asPromise(() => countActiveJobs(db, org)),
    queueDepth: (now) => asPromise(() => queueDepth(db, now)),
    jobSequence: (org, id) => asPromise(() => jobSequence(db, org, id)),

    cancelJob: (org, id, now) => asPromise(() => cancelJob(db, org, id, now)),
    retryJob: (org, id, now, opts) => asPromise(() => retryJob(db, org, id, now, opts)),

    claimJobs: (args) => asPromise(() => claimJobs(db, args)),
    renewLeases: (leases, now, leaseMs) => asPromise(() => renewLeases(db, leases, now, leaseMs)),
    completeJob: (lease, response, now) => asPromise(() => completeJob(db, lease, response, now)),
    failJob: (lease, failure, now) => asPromise(() => failJob(db, lease, failure, now)),

    requeueExpiredLeases: (now) => asPromise(() => requeueExpiredLeases(db, now)),
    expireJobs: (now) => asPromise(() => expireJobs(db, now)),
    purgeExpiredPayloads: (now, graceMs) => asPromise(() => purgeExpiredPayloads(db, now, graceMs)),
    deleteExpiredRecords: (now, retentionMs) => asPromise(() => deleteExpiredRecords(db, now, retentionMs)),

    recordWorkerHeartbeat: (w) => asPromise(() => recordWorkerHeartbeat(db, w)),
    removeWorker: (id) => asPromise(() => removeWorker(db, id)),
    listLiveWorkers: (since) => asPromise(() => listLiveWorkers(db, since)),

    insertApiKey: (k) => asPromise(() => insertApiKey(db, k)),
    findApiKeysByPrefix: (p) => asPromise(() => findApiKeysByPrefix(db, p)),
    listApiKeys: () => asPromise(() => listApiKeys(db)),
    revokeApiKeys: (p, now) => asPromise(() => revokeApiKeys(db, p, now)),
    hasApiKeys: () => asPromise(() => hasApiKeys(db)),

    listEvents: (org, query) => listEvents(db, org, query),
    getEvent: (org, id) => asPromise(() => getEvent(db, org, id)),
    listJobEvents: (org, jobId, after) => asPromise(() => listJobEvents(db, org, jobId, after)),
    insertWebhookEndpoint: (e) => asPromise(() => insertWebhookEndpoint(db, e)),
    getWebhookEndpoint: (org, id) => asPromise(() => getWebhookEndpoint(db, org, id)),
    listWebhookEndpoints: (org, query) => listWebhookEndpoints(db, org, query),
    updateWebhookEndpoint: (org, id, changes) => asPromise(() => updateWebhookEndpoint(db, org, id, changes)),
    rotateWebhookSecret: (org, id, secret, until) => asPromise(() => rotateWebhookSecret(db, org, id, secret, until)),
    deleteWebhookEndpoint: (org, id) => asPromise(() => deleteWebhookEndpoint(db, org, id)),
    listWebhookAttempts: (org, id, query) => listWebhookAttempts(db, org, id, query),
    redeliverEvent: (org, id, endpointId, now) => asPromise(() => redeliverEvent(db, org, id, endpointId, now)),
    fanOutEvents: (limit, now) => asPromise(() => fanOutEvents(db, limit, now)),
    claimDeliveries: (args) => asPromise(() => claimDeliveries(db, args)),
    recordDeliveryAttempt: (claim, outcome, now) => asPromise(() => recordDeliveryAttempt(db, claim, outcome, now)),
  };
}

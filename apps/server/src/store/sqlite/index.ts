/**
 * The job store on SQLite (better-sqlite3, WAL): the embedded default. better-sqlite3 is
 * synchronous; each method is one short transaction, so the event loop is blocked only for the
 * statement itself (sub-millisecond for the indexed queries here). The async interface is shared
 * with the PostgreSQL store.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { JobStore } from '../../interfaces.js';
import { openDatabase, statement, type SqliteDatabase } from './db.js';
import { migrate } from './migrate.js';
import { hasApiKeys, findApiKeysByPrefix, insertApiKey, listApiKeys, revokeApiKeys } from './queries/apiKeys.js';
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
import { listLiveWorkers, recordWorkerHeartbeat, removeWorker } from './queries/workers.js';

export function createSqliteStore(file: string): JobStore & { readonly db: SqliteDatabase } {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = openDatabase(file);
  // Wraps a synchronous call so errors surface as rejections, like the PostgreSQL store's.
  const run = <T>(fn: () => T): Promise<T> => {
    try {
      return Promise.resolve(fn());
    } catch (error) {
      return Promise.reject(error);
    }
  };
  return {
    engine: 'sqlite',
    db,
    migrate: () => run(() => void migrate(db)),
    close: () => run(() => void (db.open && db.close())),
    ping: () => run(() => void statement(db, 'SELECT 1').get()),

    claimIdempotencyKey: (args) => run(() => claimIdempotencyKey(db, args)),
    releaseIdempotencyKey: (org, key) => run(() => releaseIdempotencyKey(db, org, key)),
    insertJob: (job, key) => run(() => insertJob(db, job, key)),

    getJob: (org, id, include) => run(() => getJob(db, org, id, include)),
    listJobs: async (org, query) => {
      const cursorId = query.after ?? query.before;
      const cursorSeq = cursorId === undefined ? undefined : jobSequence(db, org, cursorId);
      return listJobs(db, org, query, cursorSeq);
    },
    countActiveJobs: (org) => run(() => countActiveJobs(db, org)),
    queueDepth: (now) => run(() => queueDepth(db, now)),
    jobSequence: (org, id) => run(() => jobSequence(db, org, id)),

    cancelJob: (org, id, now) => run(() => cancelJob(db, org, id, now)),
    retryJob: (org, id, now, opts) => run(() => retryJob(db, org, id, now, opts)),

    claimJobs: (args) => run(() => claimJobs(db, args)),
    renewLeases: (leases, now, leaseMs) => run(() => renewLeases(db, leases, now, leaseMs)),
    completeJob: (lease, response, now) => run(() => completeJob(db, lease, response, now)),
    failJob: (lease, failure, now) => run(() => failJob(db, lease, failure, now)),

    requeueExpiredLeases: (now) => run(() => requeueExpiredLeases(db, now)),
    expireJobs: (now) => run(() => expireJobs(db, now)),
    purgeExpiredPayloads: (now, graceMs) => run(() => purgeExpiredPayloads(db, now, graceMs)),
    deleteExpiredRecords: (now, retentionMs) => run(() => deleteExpiredRecords(db, now, retentionMs)),

    recordWorkerHeartbeat: (w) => run(() => recordWorkerHeartbeat(db, w)),
    removeWorker: (id) => run(() => removeWorker(db, id)),
    listLiveWorkers: (since) => run(() => listLiveWorkers(db, since)),

    insertApiKey: (k) => run(() => insertApiKey(db, k)),
    findApiKeysByPrefix: (p) => run(() => findApiKeysByPrefix(db, p)),
    listApiKeys: () => run(() => listApiKeys(db)),
    revokeApiKeys: (p, now) => run(() => revokeApiKeys(db, p, now)),
    hasApiKeys: () => run(() => hasApiKeys(db)),
  };
}

import type { WorkerInfo } from '../../../interfaces.js';
import { rowToWorker, type WorkerRow } from '../../rows.js';
import { statement, type SqliteDatabase } from '../db.js';

/** Inserts or refreshes a worker's heartbeat. */
export function recordWorkerHeartbeat(db: SqliteDatabase, w: WorkerInfo): void {
  statement(
    db,
    `INSERT INTO workers (id, hostname, pid, started_at, last_seen_at, concurrency) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET last_seen_at = excluded.last_seen_at, concurrency = excluded.concurrency`,
  ).run(w.id, w.hostname, w.pid, w.startedAt, w.lastSeenAt, w.concurrency);
}

export function removeWorker(db: SqliteDatabase, workerId: string): void {
  statement(db, 'DELETE FROM workers WHERE id = ?').run(workerId);
}

/** Workers seen since `seenSince` (older rows are dead workers; they are pruned here too). */
export function listLiveWorkers(db: SqliteDatabase, seenSince: number): WorkerInfo[] {
  statement(db, 'DELETE FROM workers WHERE last_seen_at < ?').run(seenSince - 24 * 3600_000);
  return statement<[number], WorkerRow>(db, 'SELECT * FROM workers WHERE last_seen_at >= ? ORDER BY started_at').all(seenSince).map(rowToWorker);
}

import type { WorkerInfo } from '../../../interfaces.js';
import { rowToWorker, type WorkerRow } from '../../rows.js';
import type { PgDatabase } from '../db.js';

/** Inserts or refreshes a worker's heartbeat. */
export async function recordWorkerHeartbeat(db: PgDatabase, w: WorkerInfo): Promise<void> {
  await db.query(
    `INSERT INTO workers (id, hostname, pid, started_at, last_seen_at, concurrency) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (id) DO UPDATE SET last_seen_at = excluded.last_seen_at, concurrency = excluded.concurrency`,
    [w.id, w.hostname, w.pid, w.startedAt, w.lastSeenAt, w.concurrency],
  );
}

export async function removeWorker(db: PgDatabase, workerId: string): Promise<void> {
  await db.query('DELETE FROM workers WHERE id = $1', [workerId]);
}

/** Workers seen since `seenSince` (rows a day older are dead workers, SIGKILLed ones included; pruned here). */
export async function listLiveWorkers(db: PgDatabase, seenSince: number): Promise<WorkerInfo[]> {
  await db.query('DELETE FROM workers WHERE last_seen_at < $1', [seenSince - 24 * 3600_000]);
  const { rows } = await db.query<WorkerRow>('SELECT * FROM workers WHERE last_seen_at >= $1 ORDER BY started_at, id', [seenSince]);
  return rows.map(rowToWorker);
}

/**
 * Group commit for job inserts on SQLite. A commit writes every page the transaction dirtied to the
 * WAL, and an insert into `jobs` dirties a leaf of each of its fourteen indexes, the event row and
 * the Idempotency-Key row: the commit was half the CPU of a create in the profile of
 * `POST /v1/jobs` (test/bench/README.md). Inserts asked for in the same turn of the event loop (the
 * concurrent creates of a loaded server) share one IMMEDIATE transaction, and so their pages and
 * their commit: 10 inserts per transaction cost 93 µs each instead of 188 µs alone.
 *
 * Each insert runs in a savepoint of its own, so one that fails (a constraint) rolls back alone and
 * rejects its caller only; the others commit. Nothing is answered before the commit: a caller that
 * is told its job was stored has it on disk as before. A lone insert waits one `setImmediate`.
 */
import type { SqliteDatabase } from './db.js';

interface Pending {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export interface GroupCommit {
  /** Runs `fn` (synchronous statements) in the next shared transaction; resolves after its commit. */
  run<T>(fn: () => T): Promise<T>;
}

export function groupCommit(db: SqliteDatabase): GroupCommit {
  let pending: Pending[] = [];

  const flush = () => {
    const batch = pending;
    pending = [];
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      db.transaction(() => {
        for (const op of batch) {
          try {
            // A nested better-sqlite3 transaction is a savepoint: a throw rolls back this op only.
            outcomes.push({ ok: true, value: db.transaction(op.run)() });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      }).immediate();
    } catch (error) {
      // BEGIN or COMMIT failed (the lock not had within busy_timeout, a full disk): nothing was stored.
      for (const op of batch) op.reject(error);
      return;
    }
    batch.forEach((op, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) op.resolve(outcome.value);
      else op.reject(outcome.error);
    });
  };

  return {
    run<T>(fn: () => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        pending.push({ run: fn, resolve: resolve as (value: unknown) => void, reject });
        if (pending.length === 1) setImmediate(flush);
      });
    },
  };
}

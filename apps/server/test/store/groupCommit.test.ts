/**
 * The SQLite group commit (store/sqlite/groupCommit.ts): inserts asked for in one turn of the event
 * loop share one transaction; one that throws rolls back alone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteDatabase } from '../../src/store/sqlite/db.js';
import { groupCommit } from '../../src/store/sqlite/groupCommit.js';

describe('SQLite group commit', () => {
  let dir: string;
  let db: SqliteDatabase;
  let other: SqliteDatabase;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'jobs-group-commit-'));
    db = openDatabase(join(dir, 'db.sqlite'));
    db.exec('CREATE TABLE t (name TEXT PRIMARY KEY)');
    // A second connection sees only what was committed.
    other = new Database(join(dir, 'db.sqlite'));
  });
  afterEach(() => {
    other.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const committed = () => (other.prepare('SELECT name FROM t ORDER BY name').all() as { name: string }[]).map((r) => r.name);
  const insert = (name: string) => db.prepare('INSERT INTO t (name) VALUES (?)').run(name);

  it('runs the inserts of one turn in one transaction, answers each after the commit, and rolls back only the one that throws', async () => {
    const commits = groupCommit(db);
    const seenByOthers: string[][] = [];
    const a = commits.run(() => {
      insert('a');
      return 'a stored';
    });
    const b = commits.run(() => {
      insert('b');
      throw new Error('b breaks a rule');
    });
    const c = commits.run(() => {
      insert('c');
      // Inside the shared transaction: another connection does not see a yet (one commit for all).
      seenByOthers.push(committed());
      return 'c stored';
    });
    const duplicate = commits.run(() => insert('a'));
    expect(committed()).toEqual([]);
    await expect(a).resolves.toBe('a stored');
    await expect(b).rejects.toThrow('b breaks a rule');
    await expect(c).resolves.toBe('c stored');
    await expect(duplicate).rejects.toThrow(/UNIQUE constraint failed/);
    expect(seenByOthers).toEqual([[]]);
    expect(committed()).toEqual(['a', 'c']);
  });

  it('inserts of later turns get transactions of their own', async () => {
    const commits = groupCommit(db);
    await commits.run(() => insert('first'));
    const seen = await commits.run(() => {
      insert('second');
      return committed();
    });
    expect(seen).toEqual(['first']);
    expect(committed()).toEqual(['first', 'second']);
  });

  it('rejects every insert of the turn when the transaction cannot start, and stores none', async () => {
    const commits = groupCommit(db);
    // Another connection holds the write lock past the busy timeout.
    db.pragma('busy_timeout = 50');
    other.exec('BEGIN IMMEDIATE');
    const runs = [commits.run(() => insert('x')), commits.run(() => insert('y'))];
    for (const run of runs) await expect(run).rejects.toThrow(/database is locked/);
    other.exec('ROLLBACK');
    expect(committed()).toEqual([]);
  });
});

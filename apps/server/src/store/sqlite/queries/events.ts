import type { Event } from '@jobs-api/api-types';
import type { EventListQuery, JobEventEntry, Page } from '../../../interfaces.js';
import { buildPageSql, toPage } from '../../../projects/pageSql.js';
import { EVENT_COLUMNS, rowToEvent, type EventRow } from '../../eventRows.js';
import { statement, type SqliteDatabase } from '../db.js';

/** The `seq` of an event of the organization (a cursor), or undefined. */
function eventSequence(db: SqliteDatabase, organizationId: string, eventId: string): number | undefined {
  return statement<[string, string], { seq: number }>(db, 'SELECT seq FROM job_events WHERE id = ? AND organization_id = ?').get(eventId, organizationId)?.seq;
}

/** One page of the organization's events (keyset on seq, as jobs are paged). */
export function listEvents(db: SqliteDatabase, organizationId: string, query: EventListQuery): Page<Event> | undefined {
  const cursor = query.after ?? query.before;
  const cursorSeq = cursor === undefined ? undefined : eventSequence(db, organizationId, cursor);
  if (cursor !== undefined && cursorSeq === undefined) return undefined;
  const { sql, params, reversed } = buildPageSql(
    () => '?',
    {
      columns: EVENT_COLUMNS,
      table: 'job_events',
      equals: [['organization_id', organizationId], ...(query.jobId ? ([['job_id', query.jobId]] as const) : [])],
      anyOf: [['type', query.types ?? []]],
    },
    query,
    cursorSeq,
  );
  return toPage(statement<unknown[], EventRow>(db, sql).all(...params), query, reversed, rowToEvent);
}

export function getEvent(db: SqliteDatabase, organizationId: string, eventId: string): Event | undefined {
  const row = statement<[string, string], EventRow>(db, `SELECT ${EVENT_COLUMNS} FROM job_events WHERE id = ? AND organization_id = ?`).get(
    eventId,
    organizationId,
  );
  return row && rowToEvent(row);
}

export function listJobEvents(db: SqliteDatabase, organizationId: string, jobId: string, afterJobSeq: number): JobEventEntry[] {
  return statement<[string, string, number], EventRow>(
    db,
    `SELECT ${EVENT_COLUMNS} FROM job_events WHERE job_id = ? AND organization_id = ? AND job_seq > ? ORDER BY job_seq`,
  )
    .all(jobId, organizationId, afterJobSeq)
    .map((row) => ({ jobSeq: row.job_seq, event: rowToEvent(row) }));
}

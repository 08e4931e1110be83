/**
 * Events on SQLite. A deliberate pair with PostgreSQL's module of the same name: the same reads in
 * each dialect; the paged list is declared once (pagedLists.ts).
 */
import type { Event } from '@jobs-api/api-types';
import type { EventListQuery, JobEventEntry, Page } from '../../../interfaces.js';
import { eventsList } from '../../pagedLists.js';
import { readPage } from '../../pagination.js';
import { EVENT_COLUMNS, rowToEvent, type EventRow } from '../../eventRows.js';
import { sqlitePageReader, statement, type SqliteDatabase } from '../db.js';

/** One page of the organization's events (store/pagedLists.ts); undefined for an unknown cursor. */
export function listEvents(db: SqliteDatabase, organizationId: string, query: EventListQuery): Promise<Page<Event> | undefined> {
  return readPage(sqlitePageReader(db), eventsList(organizationId, query), query);
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

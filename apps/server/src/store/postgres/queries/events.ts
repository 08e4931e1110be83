/**
 * Events on PostgreSQL. A deliberate pair with SQLite's module of the same name: the same reads in
 * each dialect; the paged list is declared once (pagedLists.ts).
 */
import type { Event } from '@jobs-api/api-types';
import type { EventListQuery, JobEventEntry, Page } from '../../../interfaces.js';
import { eventsList } from '../../pagedLists.js';
import { readPage } from '../../pagination.js';
import { EVENT_COLUMNS, rowToEvent, type EventRow } from '../../eventRows.js';
import { pgPageReader, type PgDatabase } from '../db.js';

/** One page of the organization's events (store/pagedLists.ts); undefined for an unknown cursor. */
export function listEvents(db: PgDatabase, organizationId: string, query: EventListQuery): Promise<Page<Event> | undefined> {
  return readPage(pgPageReader(db), eventsList(organizationId, query), query);
}

export async function getEvent(db: PgDatabase, organizationId: string, eventId: string): Promise<Event | undefined> {
  const { rows } = await db.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM job_events WHERE id = $1 AND organization_id = $2`, [eventId, organizationId]);
  return rows[0] && rowToEvent(rows[0]);
}

export async function listJobEvents(db: PgDatabase, organizationId: string, jobId: string, afterJobSeq: number): Promise<JobEventEntry[]> {
  const { rows } = await db.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM job_events WHERE job_id = $1 AND organization_id = $2 AND job_seq > $3 ORDER BY job_seq`,
    [jobId, organizationId, afterJobSeq],
  );
  return rows.map((row) => ({ jobSeq: row.job_seq, event: rowToEvent(row) }));
}

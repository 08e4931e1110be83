import type { Event } from '@jobs-api/api-types';
import type { EventListQuery, JobEventEntry, Page } from '../../../interfaces.js';
import { readPage } from '../../pagination.js';
import { EVENT_COLUMNS, rowToEvent, type EventRow } from '../../eventRows.js';
import { pgPageReader, type PgDatabase } from '../db.js';

/**
 * One page of the organization's events (store/pagination.ts; a cursor may be any of its events). Unlike job inserts,
 * event inserts take no per-organization lock (they ride on every status change, and the lock would
 * serialise the organization's workers), so an `order=asc` walk that reaches the newest events may
 * miss one committed out of seq order; the stream and the webhooks do not page and miss nothing.
 */
export function listEvents(db: PgDatabase, organizationId: string, query: EventListQuery): Promise<Page<Event> | undefined> {
  const source = {
    columns: EVENT_COLUMNS,
    table: 'job_events',
    scope: [['organization_id', organizationId]] as const,
    equals: query.jobId ? ([['job_id', query.jobId]] as const) : [],
    anyOf: [['type', query.types ?? []]] as const,
  };
  return readPage(pgPageReader(db), source, query, (row: EventRow) => rowToEvent(row));
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

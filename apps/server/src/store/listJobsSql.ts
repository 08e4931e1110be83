/**
 * The `GET /v1/jobs` query, built once for both engines. Pagination is keyset on `seq` (insertion
 * order): a cursor page never skips or repeats a job while others are inserted, and each page is an
 * index range scan whatever the depth (no OFFSET).
 */
import type { JobListQuery } from '../interfaces.js';
import { toSeconds } from './rows.js';

export interface SqlDialect {
  /** The placeholder for the n-th (1-based) parameter: `?` or `$n`. */
  placeholder(n: number): string;
  /** A condition that the job's metadata holds every pair of `pairs` (adds its own params). */
  metadataContains(pairs: Record<string, string>, param: (value: unknown) => string): string;
  /** A case-insensitive "filenames column contains text" condition. */
  filenameContains(param: string): string;
  /** The SELECT list of a job read. */
  columns(include: { request?: boolean; response?: boolean }): string;
}

export interface ListJobsSql {
  sql: string;
  params: unknown[];
  /** Rows come back in the opposite of the requested order (a `before` page) and must be reversed. */
  reversed: boolean;
}

/**
 * @param cursorSeq the `seq` of the `after` or `before` job (looked up and checked by the caller).
 */
export function buildListJobsSql(dialect: SqlDialect, organizationId: string, query: JobListQuery, cursorSeq?: number): ListJobsSql {
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return dialect.placeholder(params.length);
  };
  const list = (values: readonly unknown[]) => `(${values.map(param).join(', ')})`;
  const where = [`organization_id = ${param(organizationId)}`];

  // A `before` page walks the other way from the cursor and is reversed afterwards.
  const reversed = query.before !== undefined;
  const walkDesc = (query.order === 'desc') !== reversed;
  if (cursorSeq !== undefined) where.push(`seq ${walkDesc ? '<' : '>'} ${param(cursorSeq)}`);

  if (query.ids?.length) where.push(`id IN ${list(query.ids)}`);
  if (query.statuses?.length) where.push(`status IN ${list(query.statuses)}`);
  if (query.endpoints?.length) where.push(`endpoint IN ${list(query.endpoints)}`);
  if (query.models?.length) where.push(`model IN ${list(query.models)}`);
  if (query.filenameContains) where.push(dialect.filenameContains(param(query.filenameContains.toLowerCase())));
  if (query.createdFrom !== undefined) where.push(`created_at >= ${param(toSeconds(query.createdFrom))}`);
  if (query.createdTo !== undefined) where.push(`created_at <= ${param(toSeconds(query.createdTo))}`);
  if (query.metadata && Object.keys(query.metadata).length) where.push(dialect.metadataContains(query.metadata, param));

  // One row more than the page tells whether more follow.
  const sql = `SELECT ${dialect.columns(query)} FROM jobs WHERE ${where.join(' AND ')}
    ORDER BY seq ${walkDesc ? 'DESC' : 'ASC'} LIMIT ${param(query.limit + 1)}`;
  return { sql, params, reversed };
}

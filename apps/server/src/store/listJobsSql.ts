/**
 * The `GET /v1/jobs` query, built once for both engines: the jobs' filters around the keyset page
 * of pagination.ts (on `seq`, like every list).
 */
import type { JobListQuery } from '../interfaces.js';
import { keyset, rowsToRead, takePage, walksBackwards } from './pagination.js';
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
 * @param rowLimit rows to read (default: one more than the page, which tells whether more follow).
 * @param extraColumns more of the row to read (`, document_names` for the regex filter).
 */
export function buildListJobsSql(
  dialect: SqlDialect,
  organizationId: string,
  query: JobListQuery,
  cursorSeq?: number,
  rowLimit = rowsToRead(query),
  extraColumns = '',
): ListJobsSql {
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return dialect.placeholder(params.length);
  };
  const list = (values: readonly unknown[]) => `(${values.map(param).join(', ')})`;
  const where = [`organization_id = ${param(organizationId)}`];

  const { condition, direction, reversed } = keyset(query, cursorSeq, param);
  if (condition) where.push(condition);

  if (query.ids?.length) where.push(`id IN ${list(query.ids)}`);
  if (query.statuses?.length) where.push(`status IN ${list(query.statuses)}`);
  if (query.endpoints?.length) where.push(`endpoint IN ${list(query.endpoints)}`);
  if (query.models?.length) where.push(`model IN ${list(query.models)}`);
  if (query.filenameContains) where.push(dialect.filenameContains(param(query.filenameContains.toLowerCase())));
  if (query.createdFrom !== undefined) where.push(`created_at >= ${param(toSeconds(query.createdFrom))}`);
  if (query.createdTo !== undefined) where.push(`created_at <= ${param(toSeconds(query.createdTo))}`);
  if (query.metadata && Object.keys(query.metadata).length) where.push(dialect.metadataContains(query.metadata, param));
  // source, project_id and document_type each have an (organization_id, <column>, seq) index (migration 040).
  if (query.sources?.length) where.push(`source IN ${list(query.sources)}`);
  if (query.projectId !== undefined) where.push(`project_id = ${param(query.projectId)}`);
  if (query.documentTypes?.length) where.push(`document_type IN ${list(query.documentTypes)}`);
  if (query.matchesNothing) where.push('1 = 0');

  const sql = `SELECT ${dialect.columns(query)}${extraColumns} FROM jobs WHERE ${where.join(' AND ')}
    ORDER BY seq ${direction} LIMIT ${param(rowLimit)}`;
  return { sql, params, reversed };
}

/**
 * Jobs examined per request for `filename_regex`. The pattern cannot use an index, so it is tested
 * on the rows the other (indexed) filters select, in page order; this bound keeps a request's cost
 * fixed however many jobs the organization has (10,000 rows: a few tens of milliseconds, read in
 * batches of REGEX_SCAN_BATCH). A page that reaches it says where it stopped (`boundaryId`).
 */
export const LIST_REGEX_SCAN_LIMIT = 10_000;
const REGEX_SCAN_BATCH = 500;

/** What a list page reads of a row, besides the job's columns. */
export interface ListRow {
  seq: number | string;
  id: string;
  /** Lower-cased file names, one per line. */
  filenames: string;
  /** File names as sent, one per line (NULL on jobs stored before migration 040). */
  document_names?: string | null;
}

export interface ListRows<R> {
  /** The page's rows, in walk order (reverse them for a `before` page). */
  rows: R[];
  hasMore: boolean;
  reversed: boolean;
  /** The last job examined, when a `filename_regex` scan stopped at LIST_REGEX_SCAN_LIMIT. */
  boundaryId?: string;
}

/**
 * Reads one page: a single query, or with `filename_regex`, batches of candidates filtered by the
 * (linear-time) pattern until the page is full, the candidates run out or the scan bound is hit.
 */
export async function selectListRows<R extends ListRow>(
  dialect: SqlDialect,
  organizationId: string,
  query: JobListQuery,
  cursorSeq: number | undefined,
  run: (sql: string, params: unknown[]) => R[] | Promise<R[]>,
): Promise<ListRows<R>> {
  const reversed = walksBackwards(query);
  const matches = query.filenameMatches;
  if (!matches) {
    const { sql, params } = buildListJobsSql(dialect, organizationId, query, cursorSeq);
    return { ...takePage(await run(sql, params), query), reversed };
  }
  const found: R[] = [];
  let scanned = 0;
  let seq = cursorSeq;
  let last: R | undefined;
  while (scanned < LIST_REGEX_SCAN_LIMIT) {
    const batch = Math.min(REGEX_SCAN_BATCH, LIST_REGEX_SCAN_LIMIT - scanned);
    const { sql, params } = buildListJobsSql(dialect, organizationId, query, seq, batch, ', document_names');
    const rows = await run(sql, params);
    for (const row of rows) {
      scanned++;
      if ((row.document_names ?? row.filenames).split('\n').some((name) => name !== '' && matches(name))) {
        if (found.length === query.limit) return { rows: found, hasMore: true, reversed };
        found.push(row);
      }
    }
    if (rows.length < batch) return { rows: found, hasMore: false, reversed };
    last = rows.at(-1)!;
    seq = Number(last.seq);
  }
  return { rows: found, hasMore: true, reversed, boundaryId: last?.id };
}

import type { JobListQuery, JobPage } from '../../../interfaces.js';
import { buildListJobsSql, type SqlDialect } from '../../listJobsSql.js';
import { rowToJob, type JobRow } from '../../rows.js';
import { jobColumns, statement, type SqliteDatabase } from '../db.js';

const sqlite: SqlDialect = {
  placeholder: () => '?',
  // json_each rather than json_extract: a JSON path cannot address every possible key (quotes, dots).
  metadataContains: (pairs, param) =>
    Object.entries(pairs)
      .map(([k, v]) => `EXISTS (SELECT 1 FROM json_each(jobs.metadata) WHERE key = ${param(k)} AND value = ${param(v)})`)
      .join(' AND '),
  filenameContains: (p) => `instr(filenames, ${p}) > 0`,
  columns: jobColumns,
};

/** One page of the organization's jobs (see buildListJobsSql). */
export function listJobs(db: SqliteDatabase, organizationId: string, query: JobListQuery, cursorSeq?: number): JobPage {
  const { sql, params, reversed } = buildListJobsSql(sqlite, organizationId, query, cursorSeq);
  const rows = statement<unknown[], JobRow>(db, sql).all(...params);
  const hasMore = rows.length > query.limit;
  const page = rows.slice(0, query.limit);
  if (reversed) page.reverse();
  return { jobs: page.map((r) => rowToJob(r, query)), hasMore };
}

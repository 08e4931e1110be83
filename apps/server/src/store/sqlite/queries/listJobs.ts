import type { JobListQuery, JobPage } from '../../../interfaces.js';
import { selectListRows, type SqlDialect } from '../../listJobsSql.js';
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

/** One page of the organization's jobs (see buildListJobsSql and selectListRows). */
export async function listJobs(db: SqliteDatabase, organizationId: string, query: JobListQuery, cursorSeq?: number): Promise<JobPage> {
  const { rows, hasMore, reversed, boundaryId } = await selectListRows(sqlite, organizationId, query, cursorSeq, (sql, params) =>
    statement<unknown[], JobRow>(db, sql).all(...params),
  );
  if (reversed) rows.reverse();
  return { jobs: rows.map((r) => rowToJob(r, query)), hasMore, ...(boundaryId ? { boundaryId } : {}) };
}

import type { JobListQuery, JobPage } from '../../../interfaces.js';
import { selectListRows, type SqlDialect } from '../../listJobsSql.js';
import { rowToJob, type JobRow } from '../../rows.js';
import { jobColumns, type PgDatabase } from '../db.js';

const postgres: SqlDialect = {
  placeholder: (n) => `$${n}`,
  // One containment test for all pairs. metadata is `json` (kept as written), cast per row; the
  // organization index has already narrowed the rows.
  metadataContains: (pairs, param) => `metadata::jsonb @> ${param(JSON.stringify(pairs))}::jsonb`,
  // strpos, not LIKE: the text is matched literally (no escaping of % and _).
  filenameContains: (p) => `strpos(filenames, ${p}) > 0`,
  columns: (include) => jobColumns(include),
};

/**
 * One page of the organization's jobs (see buildListJobsSql: keyset on seq). A cursor page never
 * skips a job committed later with a smaller seq because insertJob commits one organization's
 * inserts in seq order.
 */
export async function listJobs(db: PgDatabase, organizationId: string, query: JobListQuery, cursorSeq?: number): Promise<JobPage> {
  const { rows, hasMore, reversed, boundaryId } = await selectListRows(postgres, organizationId, query, cursorSeq, async (sql, params) => {
    return (await db.query<JobRow>(sql, params)).rows;
  });
  if (reversed) rows.reverse();
  return { jobs: rows.map((r) => rowToJob(r, query)), hasMore, ...(boundaryId ? { boundaryId } : {}) };
}

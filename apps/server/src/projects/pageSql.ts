/**
 * Keyset pagination of projects and project documents, built once for both engines, exactly as
 * jobs are paged (store/listJobsSql.ts): on `seq`, the insertion order, so a page never skips or
 * repeats a row while others are inserted, and each page is an index range scan (no OFFSET).
 */
import type { ProjectPage, ProjectPageQuery } from './store.js';

/** A page query ready to run. */
export interface PageSql {
  sql: string;
  params: unknown[];
  /** Rows come back in the opposite of the requested order (a `before` page) and must be reversed. */
  reversed: boolean;
}

/** What is paged: a table, its columns and the equality filters that scope it. */
export interface PageSource {
  /** The SELECT list. */
  columns: string;
  table: string;
  /** Equality filters (`column = value`), e.g. the organization. */
  equals: ReadonlyArray<readonly [column: string, value: unknown]>;
  /** Set filters (`column IN (values)`), e.g. event types; an empty list filters nothing. */
  anyOf?: ReadonlyArray<readonly [column: string, values: readonly unknown[]]>;
}

/**
 * @param placeholder the n-th (1-based) parameter: `?` (SQLite) or `$n` (PostgreSQL).
 * @param cursorSeq the `seq` of the `after`/`before` row (looked up and checked by the caller).
 */
export function buildPageSql(placeholder: (n: number) => string, source: PageSource, query: ProjectPageQuery, cursorSeq?: number): PageSql {
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return placeholder(params.length);
  };
  const where = source.equals.map(([column, value]) => `${column} = ${param(value)}`);
  for (const [column, values] of source.anyOf ?? []) if (values.length) where.push(`${column} IN (${values.map(param).join(', ')})`);
  // A `before` page walks the other way from the cursor and is reversed afterwards.
  const reversed = query.before !== undefined;
  const walkDesc = (query.order === 'desc') !== reversed;
  if (cursorSeq !== undefined) where.push(`seq ${walkDesc ? '<' : '>'} ${param(cursorSeq)}`);
  // One row more than the page tells whether more follow.
  const sql = `SELECT ${source.columns} FROM ${source.table} WHERE ${where.join(' AND ')}
    ORDER BY seq ${walkDesc ? 'DESC' : 'ASC'} LIMIT ${param(query.limit + 1)}`;
  return { sql, params, reversed };
}

/** The page of `rows` (fetched with one extra row) in the requested order. */
export function toPage<R, T>(rows: R[], query: ProjectPageQuery, reversed: boolean, convert: (row: R) => T): ProjectPage<T> {
  const page = rows.slice(0, query.limit);
  if (reversed) page.reverse();
  return { data: page.map(convert), hasMore: rows.length > query.limit };
}

/** The SELECT list of a project read: its columns plus its document count. */
export const PROJECT_COLUMNS = `seq, id, organization_id, name, kind, json_schema, subdocuments, categories, created_at,
  (SELECT count(*) FROM project_documents AS d WHERE d.project_id = projects.id) AS document_count`;

/**
 * Keyset pagination, once for every list operation (jobs, templates, projects, project documents,
 * events, webhook endpoints and their deliveries) and both engines. Every listed table has a `seq`
 * column (its insertion order): a page walks `seq` from the cursor's row, so it never skips or
 * repeats a row while others are inserted, and each page is an index range scan whatever its depth
 * (no OFFSET). Cursors on the wire are the ids of the listed rows (`first_id`, `last_id`); a cursor
 * id is decoded here into its row's `seq`, within the list's scope.
 *
 * The steps, each written once:
 *   - parameters: `limit` (default 20), `order` (default `desc`), at most one of `after`/`before`;
 *   - decode: cursor id → `seq` in the scope, or "not a row of this list" (a 400 for the caller);
 *   - keyset: `seq < / > cursor` and the walk direction (a `before` page walks the other way and
 *     is reversed afterwards);
 *   - fetch `limit + 1` rows: the extra row says whether more follow (`has_more`).
 * The engines differ only in the placeholder and how rows are read (a {@link PageReader}).
 */
import { invalidRequest, type ApiProblem } from '../errors.js';
import type { Page, PageQuery } from '../interfaces.js';

/** The page parameters every list operation takes, as the spec's validator hands them over. */
export interface PageParams {
  limit?: number;
  order?: 'asc' | 'desc';
  after?: string;
  before?: string;
}

/** The spec's default `limit` of every list operation. */
export const DEFAULT_PAGE_LIMIT = 20;

/** The page query of validated parameters; a 400 when both `after` and `before` are sent. */
export function toPageQuery(params: PageParams): PageQuery {
  if (params.after !== undefined && params.before !== undefined) throw invalidRequest('Send either after or before, not both.');
  return { limit: params.limit ?? DEFAULT_PAGE_LIMIT, order: params.order ?? 'desc', after: params.after, before: params.before };
}

/** The cursor id of a page query (`after` or `before`), if any. */
export function cursorOf(query: PageQuery): string | undefined {
  return query.after ?? query.before;
}

/** 400 for an `after`/`before` id that is not `what` (e.g. "a project of this organization"). */
export function unknownCursor(query: PageQuery, what: string): ApiProblem {
  const cursor = cursorOf(query);
  return invalidRequest(`The cursor ${cursor} is not ${what}.`, { cursor });
}

/** A `before` page walks from its cursor against the requested order, and is reversed afterwards. */
export function walksBackwards(query: PageQuery): boolean {
  return query.before !== undefined;
}

/**
 * One page of a list operation: the page query of its parameters, then `read`; a 400 for both
 * cursors at once or for a cursor `read` does not find (`what` names what a cursor must be, e.g.
 * "a project of this organization").
 */
export async function pageOf<T>(params: PageParams, what: string, read: (query: PageQuery) => Promise<Page<T> | undefined>): Promise<Page<T>> {
  const query = toPageQuery(params);
  const page = await read(query);
  if (!page) throw unknownCursor(query, what);
  return page;
}

/** The keyset part of a page query: where to start and which way to walk. */
export interface Keyset {
  /** `seq < $n` or `seq > $n` (after the cursor in walk order), or undefined without a cursor. */
  condition: string | undefined;
  /** `ORDER BY seq …` direction. */
  direction: 'ASC' | 'DESC';
  /** Rows come back in the opposite of the requested order (a `before` page) and must be reversed. */
  reversed: boolean;
}

/**
 * @param cursorSeq the `seq` of the `after`/`before` row (decoded by {@link readPage} or the caller).
 * @param param adds a parameter and answers its placeholder.
 */
export function keyset(query: PageQuery, cursorSeq: number | undefined, param: (value: unknown) => string): Keyset {
  const reversed = walksBackwards(query);
  const walkDesc = (query.order === 'desc') !== reversed;
  return {
    condition: cursorSeq === undefined ? undefined : `seq ${walkDesc ? '<' : '>'} ${param(cursorSeq)}`,
    direction: walkDesc ? 'DESC' : 'ASC',
    reversed,
  };
}

/** Rows to read for a page: one more than the page, which tells whether more follow. */
export function rowsToRead(query: PageQuery): number {
  return query.limit + 1;
}

/** The page of `rows` (read with {@link rowsToRead}), still in walk order, and whether more follow. */
export function takePage<R>(rows: R[], query: PageQuery): { rows: R[]; hasMore: boolean } {
  return { rows: rows.slice(0, query.limit), hasMore: rows.length > query.limit };
}

/** The page of `rows` (read with {@link rowsToRead}) in the requested order. */
export function toPage<R, T>(rows: R[], query: PageQuery, reversed: boolean, convert: (row: R) => T): Page<T> {
  const page = takePage(rows, query);
  if (reversed) page.rows.reverse();
  return { data: page.rows.map(convert), hasMore: page.hasMore };
}

/** How an engine reads rows: the only part of paging that differs between SQLite and PostgreSQL. */
export interface PageReader {
  /** The placeholder for the n-th (1-based) parameter: `?` or `$n`. */
  placeholder(n: number): string;
  /** The rows of a SELECT. */
  all<R>(sql: string, params: unknown[]): R[] | Promise<R[]>;
}

/** What is paged: a table, its columns, the scope a cursor must belong to, and further filters. */
export interface PageSource {
  /** The SELECT list. */
  columns: string;
  table: string;
  /** Equality conditions (`column = value`) that scope the list and its cursors, e.g. the organization. */
  scope: ReadonlyArray<readonly [column: string, value: unknown]>;
  /** Further equality filters of the page only (a cursor outside them is still a valid cursor). */
  equals?: ReadonlyArray<readonly [column: string, value: unknown]>;
  /** Set filters of the page only (`column IN (values)`); an empty list filters nothing. */
  anyOf?: ReadonlyArray<readonly [column: string, values: readonly unknown[]]>;
}

/** A list: what it reads, and how a row becomes an answer (store/pagedLists.ts). */
export interface PagedList<R, T> {
  source: PageSource;
  convert: (row: R) => T;
}

/** A statement ready to run. */
export interface PageSql {
  sql: string;
  params: unknown[];
  reversed: boolean;
}

function parameters(placeholder: (n: number) => string) {
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return placeholder(params.length);
  };
  return { params, param };
}

/** The SELECT of one page of `source`. */
export function buildPageSql(placeholder: (n: number) => string, source: PageSource, query: PageQuery, cursorSeq?: number): PageSql {
  const { params, param } = parameters(placeholder);
  const where = [...source.scope, ...(source.equals ?? [])].map(([column, value]) => `${column} = ${param(value)}`);
  for (const [column, values] of source.anyOf ?? []) if (values.length) where.push(`${column} IN (${values.map(param).join(', ')})`);
  const { condition, direction, reversed } = keyset(query, cursorSeq, param);
  if (condition) where.push(condition);
  const sql = `SELECT ${source.columns} FROM ${source.table} WHERE ${where.join(' AND ')}
    ORDER BY seq ${direction} LIMIT ${param(rowsToRead(query))}`;
  return { sql, params, reversed };
}

/** The SELECT that decodes a cursor id into its row's `seq`, within `source`'s scope. */
export function buildCursorSql(placeholder: (n: number) => string, source: PageSource, cursorId: string): { sql: string; params: unknown[] } {
  const { params, param } = parameters(placeholder);
  const where = [`id = ${param(cursorId)}`, ...source.scope.map(([column, value]) => `${column} = ${param(value)}`)];
  return { sql: `SELECT seq FROM ${source.table} WHERE ${where.join(' AND ')}`, params };
}

/** The `seq` of the cursor row in `source`'s scope; undefined when it is not one. */
export async function cursorSequence(reader: PageReader, source: PageSource, cursorId: string): Promise<number | undefined> {
  const { sql, params } = buildCursorSql(reader.placeholder, source, cursorId);
  const [row] = await reader.all<{ seq: number | string }>(sql, params);
  return row === undefined ? undefined : Number(row.seq);
}

/**
 * One page of `source`: decode the cursor, read `limit + 1` rows from it, convert them. Answers
 * `undefined` when the cursor is not a row of the scope (the caller's 400, {@link unknownCursor}).
 */
export async function readPage<R, T>(reader: PageReader, { source, convert }: PagedList<R, T>, query: PageQuery): Promise<Page<T> | undefined> {
  const cursorId = cursorOf(query);
  const cursorSeq = cursorId === undefined ? undefined : await cursorSequence(reader, source, cursorId);
  if (cursorId !== undefined && cursorSeq === undefined) return undefined;
  const { sql, params, reversed } = buildPageSql(reader.placeholder, source, query, cursorSeq);
  return toPage(await reader.all<R>(sql, params), query, reversed, convert);
}

/**
 * What the resource pages share (templates, projects): a list page walking the API's keyset pages
 * with the pager, its table, and a detail page's field list. Each page says only what differs:
 * the route, the columns, the fields.
 */
import type { JobsClient } from '@jobs-api/client';
import type { ReactNode } from 'react';
import { useLoad } from '../session.js';
import { ErrorNotice } from './Notice.js';
import { Pager } from './Pager.js';

/** Rows a list page asks for. */
export const PAGE_SIZE = 20;

/** One column of a resource table: its header and what a row shows in it. */
export interface Column<T> {
  name: string;
  cell: (row: T) => ReactNode;
  /** `mono` for ids. */
  className?: string;
}

/** A responsive table (each cell labelled with its column on narrow screens); `rowKey` names a row uniquely. */
export function ResourceTable<T>({ caption, columns, rows, rowKey }: { caption: string; columns: Column<T>[]; rows: T[]; rowKey: (row: T) => string }) {
  return (
    <div className="table-scroll">
      <table className="responsive">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.name} scope="col">
                {column.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column) => (
                <td key={column.name} data-label={column.name} className={column.className}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A keyset page as the API answers it. */
interface ListPage<T> {
  data: T[];
  first_id: string | null;
  last_id: string | null;
  has_more: boolean;
}

/** A list page: `title`, one page of the resource (cursor from the URL), its table, the pager. */
export function ResourceList<T extends { id: string }>({
  title,
  path,
  params,
  load,
  columns,
}: {
  title: string;
  /** The dashboard route of the list (the pager navigates within it). */
  path: string;
  params: URLSearchParams;
  load: (client: JobsClient, signal: AbortSignal, query: { limit: number; before?: string; after?: string }) => Promise<ListPage<T>>;
  columns: Column<T>[];
}) {
  const before = params.get('before') ?? undefined;
  const after = params.get('after') ?? undefined;
  const page = useLoad((client, signal) => load(client, signal, { limit: PAGE_SIZE, before, after }), [params.toString()]);
  return (
    <>
      <h1 tabIndex={-1}>{title}</h1>
      {page.error ? <ErrorNotice>{page.error}</ErrorNotice> : null}
      {page.data && page.data.data.length === 0 ? <p>No {title.toLowerCase()} yet.</p> : null}
      {page.data && page.data.data.length > 0 ? <ResourceTable caption={title} columns={columns} rows={page.data.data} rowKey={(row) => row.id} /> : null}
      <Pager path={path} params={params} list={page.data} />
    </>
  );
}

/** A detail page's fields, name and value. */
export function FieldList({ fields }: { fields: Array<[name: string, value: string]> }) {
  return (
    <dl className="fields">
      {fields.map(([name, value]) => (
        <div key={name} className="field">
          <dt>{name}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

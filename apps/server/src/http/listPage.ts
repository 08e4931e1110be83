/**
 * The envelope every list operation answers (`JobList`, `ProjectList`, `ProjectDocumentList`,
 * `TemplateList`, the same four fields around `data`): one keyset page, with the ids a client
 * passes as `before`/`after` to walk on.
 */
import type { JobList } from '@jobs-api/api-types';

/** A list page of `T`; the envelope's fields are the spec's (taken from `JobList`). */
export type ListPage<T> = Omit<JobList, 'data'> & { data: T[] };

export function listPage<T extends { id: string }>(data: T[], hasMore: boolean): ListPage<T> {
  return { object: 'list', data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: hasMore };
}

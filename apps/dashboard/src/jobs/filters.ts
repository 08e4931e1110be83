/**
 * The jobs list's filters as URL parameters (so a filtered view is a link that can be shared) and
 * their translation to the `listJobs` query. Parameter names follow the API's where they exist.
 */
import { JOB_ENDPOINTS, JOB_STATUSES } from '@jobs-api/api-types';
import type { JobEndpoint, JobStatus, ListJobsQuery } from '@jobs-api/client';

/** Rows per page: what fits one screen at 1280 px. */
export const PAGE_SIZE = 20;

export interface JobFilters {
  status: JobStatus[];
  endpoint: JobEndpoint[];
  model: string[];
  metadataKey: string;
  metadataValue: string;
  filename: string;
  /** ISO 8601 instants (UTC), as the URL and the API carry them. */
  from: string;
  to: string;
}

/** Where the page starts: after a job (next page), before one (previous page), or at the top. */
export type Cursor = { after: string } | { before: string } | undefined;

export const NO_FILTERS: JobFilters = { status: [], endpoint: [], model: [], metadataKey: '', metadataValue: '', filename: '', from: '', to: '' };

const isStatus = (value: string): value is JobStatus => (JOB_STATUSES as readonly string[]).includes(value);
const isEndpoint = (value: string): value is JobEndpoint => (JOB_ENDPOINTS as readonly string[]).includes(value);

export function filtersFromParams(params: URLSearchParams): JobFilters {
  return {
    status: params.getAll('status').filter(isStatus),
    endpoint: params.getAll('endpoint').filter(isEndpoint),
    model: params.getAll('model').filter(Boolean),
    metadataKey: params.get('metadata_key') ?? '',
    metadataValue: params.get('metadata_value') ?? '',
    filename: params.get('filename') ?? '',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
  };
}

export function cursorFromParams(params: URLSearchParams): Cursor {
  const after = params.get('after');
  if (after) return { after };
  const before = params.get('before');
  if (before) return { before };
  return undefined;
}

export function paramsOf(filters: JobFilters, cursor?: Cursor): URLSearchParams {
  const params = new URLSearchParams();
  for (const status of filters.status) params.append('status', status);
  for (const endpoint of filters.endpoint) params.append('endpoint', endpoint);
  for (const model of filters.model) params.append('model', model);
  if (filters.metadataKey) {
    params.set('metadata_key', filters.metadataKey);
    params.set('metadata_value', filters.metadataValue);
  }
  if (filters.filename) params.set('filename', filters.filename);
  if (filters.from) params.set('from', filters.from);
  if (filters.to) params.set('to', filters.to);
  if (cursor && 'after' in cursor) params.set('after', cursor.after);
  if (cursor && 'before' in cursor) params.set('before', cursor.before);
  return params;
}

export function listQueryOf(filters: JobFilters, cursor: Cursor): ListJobsQuery {
  const query: ListJobsQuery = { limit: PAGE_SIZE };
  if (filters.status.length) query.status = filters.status;
  if (filters.endpoint.length) query.endpoint = filters.endpoint;
  if (filters.model.length) query.model = filters.model;
  if (filters.metadataKey) query.metadata = { [filters.metadataKey]: filters.metadataValue };
  if (filters.filename) query.filename_contains = filters.filename;
  if (filters.from) query.from_date = filters.from;
  if (filters.to) query.to_date = filters.to;
  if (cursor) Object.assign(query, cursor);
  return query;
}

/** How many filters are set (each status, endpoint and model counts once). */
export function countFilters(filters: JobFilters): number {
  return (
    filters.status.length +
    filters.endpoint.length +
    filters.model.length +
    [filters.metadataKey, filters.filename, filters.from, filters.to].filter(Boolean).length
  );
}

export function hasFilters(filters: JobFilters): boolean {
  return countFilters(filters) > 0;
}

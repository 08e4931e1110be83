/**
 * `GET /v1/jobs` query parameters (already validated and coerced by the spec) → JobListQuery.
 * What the schema cannot check — dates and the metadata JSON — is checked here (400 when wrong).
 */
import type { JobEndpoint, JobStatus, ListJobsParams } from '@jobs-api/api-types';
import { invalidRequest } from '../errors.js';
import type { JobListQuery } from '../interfaces.js';

/** Unix seconds, an ISO date (whole day, UTC) or an ISO date-time → ms; `endOfDay` for `to_date`. */
export function parseQueryTime(raw: string, name: string, endOfDay = false): number {
  if (/^\d{1,12}$/.test(raw)) return Number(raw) * 1000;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(raw);
  const ms = Date.parse(dateOnly ? `${raw}T00:00:00Z` : raw);
  if (Number.isNaN(ms)) throw invalidRequest(`${name} is not a valid date: "${raw}".`, { parameter: name });
  return dateOnly && endOfDay ? ms + 86_400_000 - 1 : ms;
}

function parseMetadataFilter(raw: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw invalidRequest('metadata must be a JSON object of strings, e.g. {"customer":"acme"}.', { parameter: 'metadata' });
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || !Object.values(parsed).every((v) => typeof v === 'string')) {
    throw invalidRequest('metadata must be a JSON object whose values are strings.', { parameter: 'metadata' });
  }
  return parsed as Record<string, string>;
}

export function toJobListQuery(q: ListJobsParams): JobListQuery {
  const query: JobListQuery = {
    limit: q.limit ?? 20,
    order: q.order ?? 'desc',
    after: q.after,
    before: q.before,
    ids: q.id,
    statuses: q.status as JobStatus[] | undefined,
    endpoints: q.endpoint as JobEndpoint[] | undefined,
    models: q.model,
    filenameContains: q.filename_contains,
    createdFrom: q.from_date === undefined ? undefined : parseQueryTime(q.from_date, 'from_date'),
    createdTo: q.to_date === undefined ? undefined : parseQueryTime(q.to_date, 'to_date', true),
    metadata: q.metadata === undefined ? undefined : parseMetadataFilter(q.metadata),
    request: q.include_request ?? false,
    response: q.include_response ?? false,
  };
  if (query.createdFrom !== undefined && query.createdTo !== undefined && query.createdFrom > query.createdTo) {
    throw invalidRequest('from_date is after to_date.');
  }
  return query;
}

/**
 * List query parameters: what the spec's validator cannot check. `GET /v1/jobs` parameters
 * (already validated and coerced by the spec) → JobListQuery, with dates, the metadata JSON, the
 * `filename_regex` pattern and `document_type` values checked here (400 naming the parameter).
 */
import type { JobEndpoint, JobStatus, ListJobsParams } from '@jobs-api/api-types';
import { compileLinearPattern, mimeTypeFromFilename, normalizeMimeType } from '@jobs-api/documents/api';
import type { RequestHandler } from 'express';
import { invalidRequest } from '../errors.js';
import type { JobListQuery } from '../interfaces.js';
import { toPageQuery } from '../store/pagination.js';

/** Unix seconds, an ISO date (whole day, UTC) or an ISO date-time → ms; `endOfDay` for `to_date`. */
export function parseQueryTime(raw: string, name: string, endOfDay = false): number {
  if (/^\d{1,12}$/.test(raw)) return Number(raw) * 1000;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(raw);
  const ms = Date.parse(dateOnly ? `${raw}T00:00:00Z` : raw);
  if (Number.isNaN(ms)) throw invalidRequest(`${name} is not a valid date: "${raw}".`, { parameter: name });
  return dateOnly && endOfDay ? ms + 86_400_000 - 1 : ms;
}

/**
 * Numeric query parameters must be finite. The validator's Ajv coerces `Infinity` and `1e400` to
 * Infinity and then lets it pass `maximum` (Ajv 8.20), which reached the database as a LIMIT and
 * answered 500. Runs before validation, on the raw strings.
 */
export function refuseNonFiniteNumbers(names: string[]): RequestHandler {
  return (req, _res, next) => {
    const query = req.query as Record<string, unknown>;
    for (const name of names) {
      const values = ([] as unknown[]).concat(query[name] ?? []);
      for (const value of values) {
        if (typeof value === 'string' && Math.abs(Number(value)) === Infinity) {
          return next(invalidRequest(`Parameter '${name}' must be a finite number, not "${value}".`, { parameter: name }));
        }
      }
    }
    next();
  };
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

/** `filename_regex`, compiled by the linear-time engine (RE2 syntax). */
function parseFilenameRegex(raw: string): (filename: string) => boolean {
  try {
    const pattern = compileLinearPattern(raw);
    return (filename) => pattern.test(filename);
  } catch (error) {
    throw invalidRequest(`filename_regex is not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`, {
      parameter: 'filename_regex',
    });
  }
}

/**
 * `document_type` values → the MIME types stored on jobs: a MIME type as is (lower-cased, without
 * parameters), an extension (`pdf`, `.pdf`) as the MIME type it names. An extension this server
 * does not read names nothing (matches no job).
 */
export function documentTypesOf(values: string[]): string[] {
  const types = values.map((value) => (value.includes('/') ? normalizeMimeType(value) : mimeTypeFromFilename(`file.${value.replace(/^\./, '')}`)));
  return [...new Set(types.filter((type): type is string => type !== undefined))];
}

export function toJobListQuery(q: ListJobsParams): JobListQuery {
  const documentTypes = q.document_type === undefined ? undefined : documentTypesOf(q.document_type);
  const query: JobListQuery = {
    ...toPageQuery(q),
    ids: q.id,
    statuses: q.status as JobStatus[] | undefined,
    endpoints: q.endpoint as JobEndpoint[] | undefined,
    models: q.model,
    filenameContains: q.filename_contains,
    filenameMatches: q.filename_regex === undefined ? undefined : parseFilenameRegex(q.filename_regex),
    createdFrom: q.from_date === undefined ? undefined : parseQueryTime(q.from_date, 'from_date'),
    createdTo: q.to_date === undefined ? undefined : parseQueryTime(q.to_date, 'to_date', true),
    metadata: q.metadata === undefined ? undefined : parseMetadataFilter(q.metadata),
    sources: q.source === undefined ? undefined : [q.source],
    projectId: q.project_id,
    // This server runs no workflows: a workflow filter, once validated, matches no job.
    matchesNothing: q.workflow_id !== undefined || q.workflow_node_id !== undefined || documentTypes?.length === 0 || undefined,
    documentTypes: documentTypes?.length ? documentTypes : undefined,
    request: q.include_request ?? false,
    response: q.include_response ?? false,
  };
  if (query.createdFrom !== undefined && query.createdTo !== undefined && query.createdFrom > query.createdTo) {
    throw invalidRequest('from_date is after to_date.');
  }
  return query;
}

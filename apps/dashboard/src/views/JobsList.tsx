/**
 * The jobs list: the list operation with its filters taken from the URL (a filtered view is a link),
 * paged with the API's cursors both ways, refreshed live.
 */
import { JOB_ENDPOINTS, JOB_STATUSES } from '@jobs-api/api-types';
import type { JobList, JobsClient } from '@jobs-api/client';
import { useId, useRef, useState, type FormEvent } from 'react';
import { ErrorNotice } from '../components/Notice.js';
import { StatusBadge } from '../components/StatusBadge.js';
import { summarizeRequest, type RequestSummary } from '../jobs/documents.js';
import {
  countFilters,
  cursorFromParams,
  filtersFromParams,
  hasFilters,
  listQueryOf,
  NO_FILTERS,
  paramsOf,
  type Cursor,
  type JobFilters,
} from '../jobs/filters.js';
import { formatTimestamp, isoOf, jobDuration } from '../jobs/format.js';
import { useLiveUpdates } from '../live/updates.js';
import { hrefOf, navigate } from '../routing.js';
import { useLoad } from '../session.js';

export function JobsList({ params }: { params: URLSearchParams }) {
  const filters = filtersFromParams(params);
  const cursor = cursorFromParams(params);
  const query = listQueryOf(filters, cursor);
  // File names never change, so each job's request is asked for once (see jobs/documents.ts).
  const summaries = useRef(new Map<string, RequestSummary>());

  const page = useLoad(
    async (client, signal) => {
      const list = await client.jobs.list(query, { signal });
      await summarizeNewJobs(client, list, summaries.current, signal);
      return list;
    },
    [params.toString()],
  );
  useLiveUpdates({ kind: 'jobs' }, page.reload);

  const go = (nextCursor: Cursor) => navigate('/jobs', paramsOf(filters, nextCursor));
  const list = page.data;
  const newerExists = cursor !== undefined && (!('before' in cursor) || Boolean(list?.has_more));
  const olderExists = cursor !== undefined && 'before' in cursor ? true : Boolean(list?.has_more);
  const nowSeconds = Date.now() / 1000;

  return (
    <>
      <h1 tabIndex={-1}>Jobs</h1>
      <FilterForm key={params.toString()} initial={filters} />
      {page.error ? <ErrorNotice>{page.error}</ErrorNotice> : null}
      <div className="table-scroll">
        <table className="jobs responsive">
          <caption className="visually-hidden">Jobs{hasFilters(filters) ? ' matching the filters' : ''}</caption>
          <thead>
            <tr>
              <th scope="col">id</th>
              <th scope="col">endpoint</th>
              <th scope="col">status</th>
              <th scope="col">filename</th>
              <th scope="col">created</th>
              <th scope="col">duration</th>
              <th scope="col">attempts</th>
            </tr>
          </thead>
          <tbody aria-live="polite" aria-busy={page.loading && !list}>
            {list?.data.map((job) => (
              <tr key={job.id} data-job-id={job.id}>
                <td data-label="id">
                  <a href={hrefOf(`/jobs/${job.id}`)} className="mono">
                    {job.id}
                  </a>
                </td>
                <td data-label="endpoint" className="mono">
                  {job.endpoint}
                </td>
                <td data-label="status">
                  <StatusBadge status={job.status} />
                </td>
                <td data-label="filename">{summaries.current.get(job.id)?.filenames.join(', ') || '—'}</td>
                <td data-label="created">
                  <time dateTime={isoOf(job.created_at)}>{formatTimestamp(job.created_at)}</time>
                </td>
                <td data-label="duration">{jobDuration(job, nowSeconds)}</td>
                <td data-label="attempts">{job.attempt_count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {list && list.data.length === 0 ? <p>No jobs{hasFilters(filters) ? ' match these filters' : ' yet'}.</p> : null}
      {!list && page.loading ? <p>Loading…</p> : null}
      <nav className="pager" aria-label="Pages">
        <button
          type="button"
          className="secondary"
          disabled={!newerExists || !list?.first_id}
          onClick={() => go(list?.first_id ? { before: list.first_id } : undefined)}
        >
          ← Newer
        </button>
        <button type="button" className="secondary" disabled={!cursor} onClick={() => go(undefined)}>
          Newest
        </button>
        <button
          type="button"
          className="secondary"
          disabled={!olderExists || !list?.last_id}
          onClick={() => go(list?.last_id ? { after: list.last_id } : undefined)}
        >
          Older →
        </button>
      </nav>
    </>
  );
}

/** Asks for the requests of the page's jobs not summarized yet, in one call by id (bounded by the page size). */
async function summarizeNewJobs(client: JobsClient, list: JobList, summaries: Map<string, RequestSummary>, signal: AbortSignal): Promise<void> {
  const missing = list.data.map((job) => job.id).filter((id) => !summaries.has(id));
  if (missing.length === 0) return;
  const withRequests = await client.jobs.list({ id: missing, include_request: true, limit: missing.length }, { signal });
  for (const job of withRequests.data) summaries.set(job.id, summarizeRequest(job.request));
}

function FilterForm({ initial }: { initial: JobFilters }) {
  const [filters, setFilters] = useState(initial);
  const id = useId();
  const set = <K extends keyof JobFilters>(key: K, value: JobFilters[K]) => setFilters((previous) => ({ ...previous, [key]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate('/jobs', paramsOf(filters));
  };
  const active = countFilters(initial);
  return (
    // Open at first on a wide screen or when filters are set; on a phone the jobs come first.
    <details className="filters" open={active > 0 || window.matchMedia('(min-width: 761px)').matches}>
      <summary>Filters{active > 0 ? ` (${active} set)` : ''}</summary>
      <form onSubmit={submit} aria-label="Filters">
        <fieldset className="statuses">
          <legend>Status</legend>
          {JOB_STATUSES.map((status) => (
            <label key={status} className="check">
              <input
                type="checkbox"
                checked={filters.status.includes(status)}
                onChange={(event) => set('status', event.target.checked ? [...filters.status, status] : filters.status.filter((s) => s !== status))}
              />
              {status}
            </label>
          ))}
        </fieldset>
        <div className="filter-fields">
          <label htmlFor={`${id}-endpoint`}>Endpoint</label>
          <select
            id={`${id}-endpoint`}
            value={filters.endpoint[0] ?? ''}
            onChange={(event) => set('endpoint', event.target.value ? [event.target.value as (typeof JOB_ENDPOINTS)[number]] : [])}
          >
            <option value="">any</option>
            {JOB_ENDPOINTS.map((endpoint) => (
              <option key={endpoint} value={endpoint}>
                {endpoint}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-model`}>Model</label>
          <input
            id={`${id}-model`}
            value={filters.model.join(', ')}
            onChange={(event) =>
              set(
                'model',
                event.target.value
                  .split(',')
                  .map((model) => model.trim())
                  .filter(Boolean),
              )
            }
          />
          <label htmlFor={`${id}-metadata-key`}>Metadata key</label>
          <input id={`${id}-metadata-key`} value={filters.metadataKey} onChange={(event) => set('metadataKey', event.target.value)} />
          <label htmlFor={`${id}-metadata-value`}>Metadata value</label>
          <input id={`${id}-metadata-value`} value={filters.metadataValue} onChange={(event) => set('metadataValue', event.target.value)} />
          <label htmlFor={`${id}-filename`}>Filename contains</label>
          <input id={`${id}-filename`} value={filters.filename} onChange={(event) => set('filename', event.target.value)} />
          <label htmlFor={`${id}-from`}>Created from</label>
          <input
            id={`${id}-from`}
            type="datetime-local"
            step={1}
            value={toLocalInput(filters.from)}
            onChange={(event) => set('from', fromLocalInput(event.target.value))}
          />
          <label htmlFor={`${id}-to`}>Created to</label>
          <input
            id={`${id}-to`}
            type="datetime-local"
            step={1}
            value={toLocalInput(filters.to)}
            onChange={(event) => set('to', fromLocalInput(event.target.value))}
          />
        </div>
        <div className="actions">
          <button type="submit">Apply filters</button>
          <button type="button" className="secondary" onClick={() => navigate('/jobs', paramsOf(NO_FILTERS))}>
            Clear
          </button>
        </div>
      </form>
    </details>
  );
}

/** The URL holds instants in UTC (a shared link means the same time everywhere); the input shows local time. */
function toLocalInput(iso: string): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 19);
}

function fromLocalInput(local: string): string {
  if (!local) return '';
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}

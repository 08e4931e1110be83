/**
 * One job: every field of the spec's Job, its request and response, its error, what its fields
 * tell of its attempts, and Cancel / Retry when its status allows them. Polled light (no request or
 * response); the full job is fetched again only when something changed.
 */
import type { Job } from '@jobs-api/client';
import { useState, type ReactNode } from 'react';
import { describeError, isUnauthorized } from '../api/connection.js';
import { JsonView } from '../components/JsonView.js';
import { ErrorNotice } from '../components/Notice.js';
import { StatusBadge } from '../components/StatusBadge.js';
import { formatTimestamp, isoOf, jobDuration } from '../jobs/format.js';
import { canCancel, canRetry } from '../jobs/transitions.js';
import { useLiveUpdates } from '../live/updates.js';
import { hrefOf } from '../routing.js';
import { UNAUTHORIZED_MESSAGE, useLoad, useSession } from '../session.js';

/** What tells a poll that the job changed and the full job (request, response) must be read again. */
const versionOf = (job: Job) => [job.status, job.attempt_count, job.completed_at, job.last_attempt_at, job.cancelled].join('|');

export function JobDetail({ jobId }: { jobId: string }) {
  const { client, signOut } = useSession();
  const [full, setFull] = useState<Job>();
  const job = useLoad(
    async (api, signal) => {
      const light = await api.jobs.retrieve(jobId, { signal });
      if (!full || full.id !== jobId || versionOf(full) !== versionOf(light)) {
        setFull(await api.jobs.retrieve(jobId, { signal, includeRequest: true, includeResponse: true }));
      }
      return light;
    },
    [jobId],
  );
  useLiveUpdates({ kind: 'job', jobId }, job.reload);
  const [actionError, setActionError] = useState<string>();
  const [acting, setActing] = useState<'cancel' | 'retry'>();

  const shown = full && full.id === jobId ? full : undefined;
  const act = async (action: 'cancel' | 'retry') => {
    setActing(action);
    setActionError(undefined);
    try {
      const changed = action === 'cancel' ? await client.jobs.cancel(jobId, { maxRetries: 0 }) : await client.jobs.retry(jobId, { maxRetries: 0 });
      setFull((previous) => (previous ? { ...changed, request: previous.request, response: changed.response ?? previous.response } : changed));
      job.reload();
    } catch (error) {
      if (isUnauthorized(error)) signOut(UNAUTHORIZED_MESSAGE);
      else {
        setActionError(`${action === 'cancel' ? 'Cancel' : 'Retry'} refused: ${describeError(error)}`);
        // A refusal usually means the job changed since the page last looked: show what it is now.
        job.reload();
      }
    } finally {
      setActing(undefined);
    }
  };

  return (
    <>
      <p className="breadcrumb">
        <a href={hrefOf('/jobs')}>Jobs</a> /
      </p>
      <h1 tabIndex={-1} className="mono">
        {jobId}
      </h1>
      {job.error ? <ErrorNotice>{job.error}</ErrorNotice> : null}
      {!shown ? (
        job.loading ? (
          <p>Loading…</p>
        ) : null
      ) : (
        <>
          <div className="job-actions">
            <span className="current-status" aria-live="polite">
              Status: <StatusBadge status={shown.status} />
            </span>
            <button type="button" disabled={!canCancel(shown.status) || shown.cancelled || acting !== undefined} onClick={() => void act('cancel')}>
              Cancel
            </button>
            <button type="button" disabled={!canRetry(shown.status) || acting !== undefined} onClick={() => void act('retry')}>
              Retry
            </button>
          </div>
          {actionError ? <ErrorNotice>{actionError}</ErrorNotice> : null}
          <JobFields job={shown} />
          {shown.error ? (
            <section aria-labelledby="error-heading">
              <h2 id="error-heading">Error</h2>
              <p>
                <code className="error-code">{shown.error.code}</code> {shown.error.message}
              </p>
              {shown.error.details ? <JsonView value={shown.error.details} label="Error details" /> : null}
            </section>
          ) : null}
          <Attempts job={shown} />
          <section aria-labelledby="request-heading" data-field="request">
            <h2 id="request-heading">Request</h2>
            {shown.request ? (
              <JsonView value={shown.request} label="Request" />
            ) : (
              <p>The API answered none (a job’s payloads are deleted some time after it expires).</p>
            )}
          </section>
          <section aria-labelledby="response-heading" data-field="response">
            <h2 id="response-heading">Response</h2>
            {shown.response ? (
              <JsonView value={shown.response} label="Response" />
            ) : (
              <p>
                {shown.status === 'completed'
                  ? 'The API answered none (a job’s payloads are deleted some time after it expires).'
                  : 'None: a job has a response once it completes.'}
              </p>
            )}
          </section>
        </>
      )}
    </>
  );
}

function JobFields({ job }: { job: Job }) {
  const time = (seconds: number | null) => (seconds == null ? '—' : <time dateTime={isoOf(seconds)}>{formatTimestamp(seconds)}</time>);
  const rows: [string, ReactNode][] = [
    ['id', <span className="mono">{job.id}</span>],
    ['object', job.object],
    ['status', <StatusBadge status={job.status} />],
    ['endpoint', <span className="mono">{job.endpoint}</span>],
    ['organization_id', <span className="mono">{job.organization_id}</span>],
    ['created_at', time(job.created_at)],
    ['started_at', time(job.started_at)],
    ['completed_at', time(job.completed_at)],
    ['duration', jobDuration(job, Date.now() / 1000)],
    ['expires_at', time(job.expires_at)],
    ['cancelled', String(job.cancelled)],
    ['attempt_count', String(job.attempt_count)],
    ['last_attempt_at', time(job.last_attempt_at)],
    ['last_failure_code', job.last_failure_code ? <code>{job.last_failure_code}</code> : '—'],
    ['cloud_task_name', job.cloud_task_name ? <span className="mono">{job.cloud_task_name}</span> : '—'],
    ['request_gcs_paths', String(job.request_gcs_paths)],
    [
      'metadata',
      job.metadata && Object.keys(job.metadata).length > 0 ? (
        <ul className="pairs">
          {Object.entries(job.metadata).map(([key, value]) => (
            <li key={key}>
              <span className="mono">{key}</span> = <span className="mono">{value}</span>
            </li>
          ))}
        </ul>
      ) : (
        '—'
      ),
    ],
    [
      'warnings',
      job.warnings?.length ? (
        <ul className="pairs">
          {job.warnings.map((warning, index) => (
            <li key={index}>
              <code>{warning.code}</code> {warning.message}
            </li>
          ))}
        </ul>
      ) : (
        '—'
      ),
    ],
    ['error', job.error ? <code>{job.error.code}</code> : '—'],
  ];
  return (
    <section aria-labelledby="fields-heading">
      <h2 id="fields-heading">Fields</h2>
      <dl className="fields">
        {rows.map(([name, value]) => (
          <div key={name} className="field" data-field={name}>
            <dt>{name}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/**
 * The attempt history as far as the Job's fields tell it: how many claims, when the first and the
 * latest started, and the latest failure's code (the API keeps no per-attempt records).
 */
function Attempts({ job }: { job: Job }) {
  if (job.attempt_count === 0) {
    return (
      <section aria-labelledby="attempts-heading">
        <h2 id="attempts-heading">Attempts</h2>
        <p>No worker has claimed this job yet.</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="attempts-heading">
      <h2 id="attempts-heading">Attempts</h2>
      <ol className="attempts">
        <li>Attempt 1 started {formatTimestamp(job.started_at)}.</li>
        {job.attempt_count > 2 ? <li className="hint">Attempts 2 to {job.attempt_count - 1}: not recorded separately.</li> : null}
        {job.attempt_count > 1 ? (
          <li>
            Attempt {job.attempt_count} (latest) started {formatTimestamp(job.last_attempt_at)}.
          </li>
        ) : null}
      </ol>
      <p>
        Latest failure: {job.last_failure_code ? <code>{job.last_failure_code}</code> : 'none'}.
        {job.completed_at ? (
          <>
            {' '}
            Finished {formatTimestamp(job.completed_at)} as <StatusBadge status={job.status} />.
          </>
        ) : null}
      </p>
    </section>
  );
}

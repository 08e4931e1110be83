/**
 * The overview: jobs per status, created/finished per minute over the last hour, and the workers
 * (and whatever other figures) `/readyz` reports. A red banner says when no worker is alive,
 * which is exactly when creates answer 202 `dispatch_delayed`.
 */
import { JOB_STATUSES } from '@jobs-api/api-types';
import { Fragment } from 'react';
import { fetchReadiness, type Readiness } from '../api/readiness.js';
import { ErrorNotice } from '../components/Notice.js';
import { PerMinuteChart } from '../components/PerMinuteChart.js';
import { StatusBadge } from '../components/StatusBadge.js';
import { JsonView } from '../components/JsonView.js';
import { paramsOf, NO_FILTERS } from '../jobs/filters.js';
import { useLiveUpdates } from '../live/updates.js';
import { readPerMinute } from '../overview/perMinute.js';
import { countJobsByStatus, formatCount } from '../overview/statusCounts.js';
import { hrefOf } from '../routing.js';
import { useLoad } from '../session.js';
import { describeError } from '../api/connection.js';

export function Overview() {
  const counts = useLoad((client, signal) => countJobsByStatus(client, signal), []);
  const perMinute = useLoad((client, signal) => readPerMinute(client, Math.floor(Date.now() / 1000), signal), []);
  // /readyz needs no key and is not in the client; its failure is shown in its own section.
  const readiness = useLoad(
    (_client, signal) =>
      fetchReadiness(signal).then(
        (value): Readiness | string => value,
        (error: unknown) => (signal.aborted ? Promise.reject(error) : describeError(error)),
      ),
    [],
  );
  useLiveUpdates({ kind: 'overview' }, () => {
    counts.reload();
    perMinute.reload();
    readiness.reload();
  });

  return (
    <>
      <h1 tabIndex={-1}>Overview</h1>
      <WorkersBanner readiness={readiness.data} />

      <section aria-labelledby="counts-heading">
        <h2 id="counts-heading">Jobs by status</h2>
        {counts.error ? <ErrorNotice>{counts.error}</ErrorNotice> : null}
        <ul className="counts">
          {JOB_STATUSES.map((status) => (
            <li key={status}>
              <a
                href={hrefOf('/jobs', paramsOf({ ...NO_FILTERS, status: [status] }))}
                aria-label={`${status}: ${counts.data ? formatCount(counts.data[status]) : 'loading'} jobs`}
              >
                <span className="count" data-testid={`count-${status}`}>
                  {counts.data ? formatCount(counts.data[status]) : '…'}
                </span>
                <StatusBadge status={status} />
              </a>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="activity-heading">
        <h2 id="activity-heading">Last hour</h2>
        {perMinute.error ? <ErrorNotice>{perMinute.error}</ErrorNotice> : null}
        {perMinute.data ? <PerMinuteChart perMinute={perMinute.data} /> : <p>Loading…</p>}
      </section>

      <section aria-labelledby="workers-heading">
        <h2 id="workers-heading">Workers</h2>
        <ReadinessDetails readiness={readiness.data} />
      </section>
    </>
  );
}

function WorkersBanner({ readiness }: { readiness: Readiness | string | undefined }) {
  if (typeof readiness !== 'object' || readiness.workers.length > 0) return null;
  return (
    <p className="banner banner-danger" role="alert">
      <strong>No worker is alive.</strong> New jobs are stored and answered with 202 <code>dispatch_delayed</code>; none runs until a worker starts.
    </p>
  );
}

function ReadinessDetails({ readiness }: { readiness: Readiness | string | undefined }) {
  if (readiness === undefined) return <p>Loading…</p>;
  if (typeof readiness === 'string')
    return (
      <p>
        The readiness report (<code>/readyz</code>) is not available: {readiness}
      </p>
    );
  const extras = Object.entries(readiness.extra);
  return (
    <>
      <dl className="fields-inline">
        <dt>Readiness</dt>
        <dd>{readiness.status}</dd>
        {Object.entries(readiness.checks).map(([name, value]) => (
          <Fragment key={name}>
            <dt>{name}</dt>
            <dd>{value}</dd>
          </Fragment>
        ))}
        <dt>Live workers</dt>
        <dd data-testid="live-workers">{readiness.workers.length}</dd>
        <dt>Slots (sum of concurrency)</dt>
        <dd>{readiness.workers.reduce((total, worker) => total + (worker.concurrency ?? 0), 0)}</dd>
      </dl>
      {readiness.workers.length > 0 ? (
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">Live workers</caption>
            <thead>
              <tr>
                <th scope="col">host</th>
                <th scope="col">pid</th>
                <th scope="col">concurrency</th>
                <th scope="col">started</th>
                <th scope="col">last seen</th>
              </tr>
            </thead>
            <tbody>
              {readiness.workers.map((worker) => (
                <tr key={worker.id}>
                  <td>{worker.hostname ?? worker.id}</td>
                  <td>{worker.pid ?? '—'}</td>
                  <td>{worker.concurrency ?? '—'}</td>
                  <td>{worker.startedAt ? new Date(worker.startedAt).toLocaleString() : '—'}</td>
                  <td>{worker.lastSeenAt ? new Date(worker.lastSeenAt).toLocaleTimeString() : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {extras.length > 0 ? (
        <>
          <h3>Other figures</h3>
          <JsonView value={readiness.extra} label="Other readiness figures" />
        </>
      ) : null}
    </>
  );
}

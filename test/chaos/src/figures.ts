/**
 * What the run proved and what it cost, read from the database after the run: the jobs table, the
 * outcome audit written by the trigger, and the executions the handlers recorded.
 */
import type pg from 'pg';

export interface Figures {
  /** Jobs in the table; by status. */
  jobs: number;
  statuses: Record<string, number>;
  /** Terminal-status writes (trigger rows), and the most for one job (1 = never recorded twice). */
  outcomes: number;
  maxOutcomesPerJob: number;
  /** Handler runs, finished runs, the most runs of one job, jobs never run at all. */
  executions: number;
  finishedExecutions: number;
  maxExecutionsPerJob: number;
  jobsNeverRun: number;
  /** Completed jobs whose response holds their document's text (read in a sandbox) and names a process that finished running that job. */
  responsesFromAFinishedRun: number;
  /** For each lease a SIGKILLed worker held: ms from the kill to the lease being taken back (job requeued). */
  leaseRecoveriesMs: number[];
  /** Leases taken back from workers that were alive (starved past their lease on a busy machine). */
  leasesLostByLiveWorkers: number;
  /** For each run cut by a SIGKILL: ms from the kill to the job's next run starting (includes the queue wait). */
  rerunDelaysMs: number[];
}

interface Execution {
  job_id: string;
  pid: number;
  started_at: number;
  finished_at: number | null;
}

export async function readFigures(pool: pg.Pool, killedAt: Map<number, number>): Promise<Figures> {
  const statuses = Object.fromEntries(
    (await pool.query<{ status: string; n: string }>('SELECT status, count(*) AS n FROM jobs GROUP BY status')).rows.map((r) => [r.status, Number(r.n)]),
  );
  const outcomes = (
    await pool.query<{ n: string; max: string | null }>(
      'SELECT sum(n) AS n, max(n) AS max FROM (SELECT job_id, count(*) AS n FROM chaos_outcomes GROUP BY job_id) per_job',
    )
  ).rows[0]!;
  const executions = (
    await pool.query<Execution>(
      'SELECT job_id, pid, started_at::float8 AS started_at, finished_at::float8 AS finished_at FROM chaos_executions ORDER BY job_id, started_at',
    )
  ).rows;
  const jobsNeverRun = Number(
    (await pool.query('SELECT count(*) AS n FROM jobs j WHERE NOT EXISTS (SELECT 1 FROM chaos_executions e WHERE e.job_id = j.id)')).rows[0].n,
  );
  const responsesFromAFinishedRun = Number(
    (
      await pool.query(
        `SELECT count(*) AS n FROM jobs j
         WHERE j.status = 'completed' AND EXISTS (
           SELECT 1 FROM chaos_executions e
           WHERE e.job_id = j.id AND e.finished_at IS NOT NULL
             AND j.response->'body'->>'text' = 'chaos job ' || (j.metadata::jsonb->>'chaos_index') || ' | done by ' || e.pid)`,
      )
    ).rows[0].n,
  );

  const byJob = new Map<string, Execution[]>();
  for (const e of executions) {
    const list = byJob.get(e.job_id) ?? [];
    list.push(e);
    byJob.set(e.job_id, list);
  }
  // Worker ids → pids from the heartbeat table (rows of killed workers stay there).
  const requeues = (
    await pool.query<{ pid: number | null; at: number }>('SELECT w.pid, r.at::float8 AS at FROM chaos_requeues r LEFT JOIN workers w ON w.id = r.worker_id')
  ).rows;
  const leaseRecoveriesMs: number[] = [];
  let leasesLostByLiveWorkers = 0;
  for (const r of requeues) {
    const killed = r.pid === null ? undefined : killedAt.get(r.pid);
    if (killed !== undefined && r.at >= killed) leaseRecoveriesMs.push(r.at - killed);
    else leasesLostByLiveWorkers++;
  }
  const rerunDelaysMs: number[] = [];
  for (const runs of byJob.values()) {
    runs.forEach((run, i) => {
      const killed = killedAt.get(run.pid);
      if (run.finished_at !== null || killed === undefined || run.started_at > killed) return;
      const next = runs.slice(i + 1).find((r) => r.started_at >= killed);
      if (next) rerunDelaysMs.push(next.started_at - killed);
    });
  }
  return {
    jobs: Object.values(statuses).reduce((a, b) => a + b, 0),
    statuses,
    outcomes: Number(outcomes.n ?? 0),
    maxOutcomesPerJob: Number(outcomes.max ?? 0),
    executions: executions.length,
    finishedExecutions: executions.filter((e) => e.finished_at !== null).length,
    maxExecutionsPerJob: Math.max(0, ...[...byJob.values()].map((r) => r.length)),
    jobsNeverRun,
    responsesFromAFinishedRun,
    leaseRecoveriesMs: leaseRecoveriesMs.sort((a, b) => a - b),
    leasesLostByLiveWorkers,
    rerunDelaysMs: rerunDelaysMs.sort((a, b) => a - b),
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** The report printed at the end of a run. */
export function formatReport(r: {
  figures: Figures;
  jobs: number;
  durationMs: number;
  kills: number;
  restarts: number;
  /** Restarts that took over a standby process (the rest started cold). */
  warmRestarts: number;
  /** Kill ticks skipped because no worker could be spared (fewer than two running and no standby loaded). */
  skippedTicks: number;
  connectionsCut: number;
  workersCut: number;
  workersRecoveredInPlace: number;
  delayedCreates: number;
  leaseSeconds: number;
}): string {
  const { figures: f } = r;
  const median = (values: number[]) => (values.length ? values[Math.floor(values.length / 2)]! : 0);
  const recoveries = f.leaseRecoveriesMs;
  const reruns = f.rerunDelaysMs;
  return [
    `chaos: ${r.jobs} jobs through 2 API + 3 worker processes in ${seconds(r.durationMs)} (${((r.jobs * 1000) / r.durationMs).toFixed(0)} jobs/s)`,
    `  completed              ${f.statuses.completed ?? 0} / ${r.jobs}; statuses ${JSON.stringify(f.statuses)}`,
    `  outcomes recorded      ${f.outcomes} (at most ${f.maxOutcomesPerJob} per job)`,
    `  executions/job         ${(f.executions / r.jobs).toFixed(3)} (${f.executions} runs, ${f.finishedExecutions} finished; at most ${f.maxExecutionsPerJob} for one job)`,
    `  kills survived         ${r.kills} SIGKILLs of a running worker (${((r.kills * 1000) / r.durationMs).toFixed(2)}/s), each replaced by a new process (${r.warmRestarts} from a loaded standby, ${r.restarts - r.warmRestarts} cold); ${r.skippedTicks} ticks skipped (no second worker running and no standby loaded)`,
    `  connections cut        ${r.connectionsCut} backends of ${r.workersCut} workers (pg_terminate_backend); ${r.workersRecoveredInPlace}/${r.workersCut} ran jobs again without a restart`,
    `  lease recovery         max ${seconds(recoveries.at(-1) ?? 0)}, median ${seconds(median(recoveries))} from SIGKILL to the lost lease taken back (job requeued; ${recoveries.length} leases; lease ${r.leaseSeconds} s)`,
    `  back to running        max ${seconds(reruns.at(-1) ?? 0)}, median ${seconds(median(reruns))} from SIGKILL to the cut run starting again (queue wait included; ${reruns.length} runs cut)`,
    `  leases lost, worker up ${f.leasesLostByLiveWorkers} (a worker starved past its lease; the run went on elsewhere, fenced)`,
    `  creates answered 202   ${r.delayedCreates} (dispatch_delayed: the organization's in-flight limit was reached)`,
  ].join('\n');
}

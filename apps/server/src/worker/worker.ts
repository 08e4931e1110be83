/**
 * The worker: claims jobs in batches up to its concurrency, runs each attempt (runAttempt), renews
 * the leases of running attempts, sweeps maintenance (expired leases, expiry, payload purge) and
 * announces itself with a heartbeat. It knows nothing about SQL: it is handed the store methods it uses (WorkerStore).
 *
 * Wake-ups: a `queued` event (a create or retry in this process, or a NOTIFY from PostgreSQL) makes
 * an idle worker claim at once; a poll every `pollIntervalMs` is the fallback.
 */
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { EndpointRegistry } from '../endpoints/types.js';
import type { BlobStore, ClaimedJob, Clock, WorkerInfo, WorkerStore } from '../interfaces.js';
import type { JobEvents } from '../jobs/events.js';
import { newWorkerId } from '../jobs/ids.js';
import type { Metrics } from '../observability/metrics.js';
import { AttemptAborted, runAttempt, type AttemptOutcome } from './runAttempt.js';

export interface WorkerDeps {
  /** Only the methods a worker uses (WorkerStore). */
  store: WorkerStore;
  blobs: BlobStore;
  endpoints: EndpointRegistry;
  config: Config;
  clock: Clock;
  events: JobEvents;
  metrics: Metrics;
  logger: Logger;
  random?: () => number;
}

interface RunningAttempt {
  job: ClaimedJob;
  controller: AbortController;
  done: Promise<AttemptOutcome>;
}

/**
 * The worker's lifecycle, one way only: created → starting (first heartbeat) → running → draining
 * (stop(): no new claims, running attempts finish or are released) → stopped.
 */
export type WorkerMode = 'created' | 'starting' | 'running' | 'draining' | 'stopped';

export interface Worker {
  readonly id: string;
  readonly mode: WorkerMode;
  start(): Promise<void>;
  /** Stops claiming; waits up to `graceMs` for running attempts, then aborts and releases the rest. */
  stop(graceMs?: number): Promise<void>;
  /** Claims and starts what fits now (also called by the loop); answers how many were claimed. */
  claimOnce(): Promise<number>;
  /** One maintenance sweep (expired leases, expiry, payload purge); tests drive it with their clock. */
  runMaintenance(opts?: { purge?: boolean }): Promise<void>;
  /** Resolves when nothing is running (tests). */
  idle(): Promise<void>;
  readonly runningJobIds: string[];
}

export function createWorker(deps: WorkerDeps): Worker {
  const { store, config, clock, events, logger } = deps;
  const id = newWorkerId();
  const log = logger.child({ worker_id: id });
  const running = new Map<string, RunningAttempt>();
  const timers: NodeJS.Timeout[] = [];
  let mode: WorkerMode = 'created';
  /** Claims and timers run only while starting or running. */
  const accepting = () => mode === 'starting' || mode === 'running';
  const enter = (next: WorkerMode, from: readonly WorkerMode[]) => {
    if (!from.includes(mode)) throw new Error(`worker ${id}: cannot go from ${mode} to ${next}`);
    mode = next;
  };
  let claiming: Promise<number> | undefined;
  let claimAgain = false;
  let pollTimer: NodeJS.Timeout | undefined;
  let lastPurgeAt = 0;
  const info = (): WorkerInfo => ({
    id,
    hostname: hostname(),
    pid: process.pid,
    startedAt: startedAt,
    lastSeenAt: clock.now(),
    concurrency: config.workerConcurrency,
  });
  const startedAt = clock.now();

  /** Claims what fits; serialised so two triggers never claim at once. */
  function claimSoon(): Promise<number> {
    if (!accepting()) return Promise.resolve(0);
    if (claiming) {
      claimAgain = true;
      return claiming;
    }
    // No free slot: nothing to claim now; the attempt that frees one claims again when it ends.
    // This must return before the loop below: a loop that breaks before its first `await` runs its
    // `finally` (claiming = undefined) before the assignment sets `claiming`, and the settled
    // promise left there would answer every later claim with 0 (test/workerSaturation.test.ts).
    if (running.size >= config.workerConcurrency) return Promise.resolve(0);
    claiming = (async () => {
      let total = 0;
      try {
        do {
          claimAgain = false;
          const free = config.workerConcurrency - running.size;
          if (free <= 0 || !accepting()) break;
          const jobs = await store.claimJobs({
            workerId: id,
            limit: free,
            now: clock.now(),
            leaseMs: config.leaseMs,
            orgMaxInFlight: config.orgMaxInFlight,
          });
          jobs.forEach(startAttempt);
          total += jobs.length;
          // A full batch means more may be waiting: claim again rather than wait for the next poll.
          if (jobs.length === free) claimAgain = true;
        } while (claimAgain && accepting());
      } catch (error) {
        log.error({ err: error }, 'claim failed; retrying at the next poll');
      } finally {
        claiming = undefined;
      }
      return total;
    })();
    return claiming;
  }

  function startAttempt(job: ClaimedJob): void {
    const controller = new AbortController();
    const done = runAttempt(deps, job, controller)
      .catch((error: unknown) => {
        // The outcome write itself failed (e.g. the database is unreachable): the lease will expire
        // and the job will be requeued by maintenance; nothing is lost.
        log.error({ err: error, job_id: job.jobId }, 'recording the outcome failed; the lease will expire');
        return 'discarded' as const;
      })
      .finally(() => {
        running.delete(job.jobId);
        void claimSoon();
      });
    running.set(job.jobId, { job, controller, done });
  }

  /** Renews every running lease; aborts the attempts whose lease is gone (cancelled, expired, taken over). */
  async function renewLeases(): Promise<void> {
    if (running.size === 0) return;
    const attempts = [...running.values()];
    try {
      const kept = new Set(
        await store.renewLeases(
          attempts.map((a) => a.job),
          clock.now(),
          config.leaseMs,
        ),
      );
      for (const a of attempts) {
        if (!kept.has(a.job.jobId) && running.get(a.job.jobId) === a) {
          deps.metrics.leaseLosses.inc();
          a.controller.abort(new AttemptAborted('lease_lost'));
        }
      }
    } catch (error) {
      log.error({ err: error }, 'lease renewal failed; retrying');
    }
  }

  async function runMaintenance(opts: { purge?: boolean } = {}): Promise<void> {
    const now = clock.now();
    const { requeued, failed } = await store.requeueExpiredLeases(now);
    if (requeued + failed > 0) {
      deps.metrics.leaseLosses.inc(requeued + failed);
      log.warn({ requeued, failed }, 'expired leases swept');
    }
    const expired = await store.expireJobs(now);
    if (expired > 0) log.info({ expired }, 'jobs expired');
    if (opts.purge ?? now - lastPurgeAt >= 60_000) {
      lastPurgeAt = now;
      const purged = await store.purgeExpiredPayloads(now, config.payloadGraceMs);
      // Spare blobs touched in the last hour: a create may be re-using one right now.
      if (purged.unreferencedBlobs.length) await deps.blobs.deleteUnreferenced(purged.unreferencedBlobs, 3600_000);
      await store.deleteExpiredRecords(now, config.retentionMs);
    }
    if (requeued > 0) void claimSoon();
  }

  function every(ms: number, task: () => Promise<void>, what: string): void {
    const tick = () => {
      if (!accepting()) return;
      task()
        .catch((error: unknown) => log.error({ err: error }, `${what} failed`))
        .finally(() => {
          if (accepting()) timers.push(setTimeout(tick, ms).unref());
        });
    };
    timers.push(setTimeout(tick, ms).unref());
  }

  function schedulePoll(): void {
    if (!accepting()) return;
    // Not unref'd: the poll loop is what keeps a worker-only process (no HTTP server) alive until stop().
    pollTimer = setTimeout(() => {
      void claimSoon().finally(schedulePoll);
    }, config.pollIntervalMs);
  }

  const onQueued = () => void claimSoon();
  const onCancelled = (jobId: string) => running.get(jobId)?.controller.abort(new AttemptAborted('cancelled'));

  return {
    id,
    get mode() {
      return mode;
    },
    get runningJobIds() {
      return [...running.keys()];
    },
    async start() {
      if (mode === 'starting' || mode === 'running') return;
      enter('starting', ['created']);
      await store.recordWorkerHeartbeat(info());
      if ((mode as WorkerMode) !== 'starting') return; // stopped while the first heartbeat was in flight
      events.on('queued', onQueued);
      events.on('cancelled', onCancelled);
      every(config.heartbeatIntervalMs, () => store.recordWorkerHeartbeat(info()), 'heartbeat');
      // Renew well before expiry: a third of the lease leaves two renewals of slack.
      every(Math.max(10, Math.floor(config.leaseMs / 3)), renewLeases, 'lease renewal');
      every(config.maintenanceIntervalMs, () => runMaintenance(), 'maintenance');
      enter('running', ['starting']);
      schedulePoll();
      log.info({ concurrency: config.workerConcurrency }, 'worker started');
      await claimSoon();
    },
    async stop(graceMs = config.shutdownGraceMs) {
      if (mode === 'draining' || mode === 'stopped') return;
      enter('draining', ['created', 'starting', 'running']);
      events.off('queued', onQueued);
      events.off('cancelled', onCancelled);
      timers.forEach(clearTimeout);
      if (pollTimer) clearTimeout(pollTimer);
      await claiming;
      const pending = [...running.values()];
      if (pending.length > 0) {
        log.info({ running: pending.length, grace_ms: graceMs }, 'stopping: waiting for running attempts');
        // Leases are still renewed while we wait, so a long grace does not lose them.
        const renewal = setInterval(() => void renewLeases(), Math.max(10, Math.floor(config.leaseMs / 3)));
        let deadline: NodeJS.Timeout | undefined;
        const timedOut = new Promise<void>((resolve) => (deadline = setTimeout(resolve, graceMs)));
        await Promise.race([Promise.all(pending.map((a) => a.done)), timedOut]);
        clearTimeout(deadline);
        clearInterval(renewal);
        for (const a of running.values()) a.controller.abort(new AttemptAborted('shutdown'));
        await Promise.all([...running.values()].map((a) => a.done));
      }
      await store.removeWorker(id).catch((error: unknown) => log.warn({ err: error }, 'could not deregister the worker'));
      enter('stopped', ['draining']);
      log.info('worker stopped');
    },
    claimOnce: claimSoon,
    runMaintenance,
    async idle() {
      while (running.size > 0 || claiming) {
        await Promise.all([...running.values()].map((a) => a.done));
        await claiming;
      }
    },
  };
}

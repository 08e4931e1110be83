/**
 * Section 1, the queue engine: the same no-op workload through our store + worker (SQLite and
 * PostgreSQL), graphile-worker and pg-boss, one after another in this process, each on a fresh
 * database (same PostgreSQL server) and at the same worker concurrency.
 *
 *   throughput  `jobs` jobs created by `producers` concurrent creators while the workers run;
 *               jobs/s = jobs / (first create → all finished). Pickup latency here (create call →
 *               handler start) includes the time spent queued behind the backlog.
 *   idle pickup `idleJobs` jobs created one at a time, each after the previous one started: the
 *               latency of an idle worker noticing a new job (wake-up path, poll interval).
 */
import type { PostgresAvailability } from '../lib/postgres.js';
import { freshDatabase } from '../lib/postgres.js';
import { tempDir } from '../lib/cleanup.js';
import { fmt, printTable, ratio, ratioValue, summarize, until, type Summary } from '../lib/stats.js';
import { graphileWorkerPeer } from './graphileWorker.js';
import { oursPeer } from './ours.js';
import type { QueuePeer, QueueSettings } from './peer.js';
import { pgBossPeer } from './pgBoss.js';

export interface QueueRow {
  peer: string;
  config: string;
  available: boolean;
  reason?: string;
  jobsPerSecond?: number;
  createsPerSecond?: number;
  /** ms, create call → handler start, during the throughput run. */
  loadedPickup?: Summary;
  /** ms, create call → handler start, one job at a time. */
  idlePickup?: Summary;
  seconds?: number;
}

export interface QueueResult {
  settings: QueueSettings;
  rows: QueueRow[];
  ratios: { ours: string; peer: string; jobsPerSecond: number | null; idlePickupP50: number | null; idlePickupP99: number | null }[];
}

async function measure(peer: QueuePeer, settings: QueueSettings): Promise<QueueRow> {
  const n = settings.jobs;
  const createdAt = new Float64Array(n + settings.idleJobs);
  const startedAt = new Float64Array(n + settings.idleJobs);
  let startWaiter: { key: number; resolve: () => void } | undefined;
  await peer.start((key) => {
    if (!(key >= 0 && key < startedAt.length)) throw new Error(`${peer.name}: handler saw an unknown key ${key}`);
    startedAt[key] ||= performance.now();
    if (startWaiter?.key === key) startWaiter.resolve();
  });
  try {
    // Throughput: producers create jobs 0..n-1 as fast as the engine takes them, workers running.
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: settings.producers }, async () => {
        for (let key = next++; key < n; key = next++) {
          createdAt[key] = performance.now();
          await peer.create(key);
        }
      }),
    );
    const createdAllAt = performance.now();
    await until(() => peer.drained(), `${peer.name} to finish ${n} jobs`, Math.max(60_000, n * 50), 5);
    const seconds = (performance.now() - t0) / 1000;
    const loaded = Array.from({ length: n }, (_, i) => startedAt[i]! - createdAt[i]!);

    // Idle pickup: one job at a time, each created once the previous one started and finished.
    const idle: number[] = [];
    for (let key = n; key < n + settings.idleJobs; key++) {
      const started = new Promise<void>((resolve) => (startWaiter = { key, resolve }));
      createdAt[key] = performance.now();
      await peer.create(key);
      if (!startedAt[key]) await started;
      idle.push(startedAt[key]! - createdAt[key]!);
      await until(() => peer.drained(), `${peer.name} to finish job ${key}`, 60_000, 2);
    }
    return {
      peer: peer.name,
      config: peer.config,
      available: true,
      jobsPerSecond: n / seconds,
      createsPerSecond: n / ((createdAllAt - t0) / 1000),
      loadedPickup: summarize(loaded),
      idlePickup: summarize(idle),
      seconds,
    };
  } finally {
    await peer.stop();
  }
}

async function runPeer(make: () => Promise<QueuePeer>, name: string, settings: QueueSettings): Promise<QueueRow> {
  process.stdout.write(`  queue: ${name} …`);
  // A peer that stalls must not stall the run: its row says so and the next peer starts.
  const limitMs = 120_000 + settings.jobs * 60;
  let timer: NodeJS.Timeout | undefined;
  try {
    const row = await Promise.race([
      measure(await make(), settings),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${limitMs / 1000} s`)), limitMs))),
    ]);
    console.log(` ${fmt(row.jobsPerSecond)} jobs/s`);
    return row;
  } catch (error) {
    console.log(` failed: ${(error as Error).message}`);
    return { peer: name, config: '', available: false, reason: `failed: ${(error as Error).message}` };
  } finally {
    clearTimeout(timer);
  }
}

export async function runQueueBench(settings: QueueSettings, pgInfo: PostgresAvailability): Promise<QueueResult> {
  const rows: QueueRow[] = [];
  {
    const dir = tempDir('jobs-bench-queue-');
    rows.push(await runPeer(async () => oursPeer({ engine: 'sqlite', dataDir: dir.dir, concurrency: settings.concurrency }), 'ours (SQLite)', settings));
    await dir.remove();
  }
  const pgPeers: [string, (url: string, dataDir: string) => QueuePeer][] = [
    ['ours (PostgreSQL)', (url, dataDir) => oursPeer({ engine: 'postgres', databaseUrl: url, dataDir, concurrency: settings.concurrency })],
    // The same over 10 organizations: insertJob takes a per-organization lock (commit order = seq
    // order within an organization), so one organization's creates commit one at a time.
    [
      'ours (PostgreSQL, 10 orgs)',
      (url, dataDir) => oursPeer({ engine: 'postgres', databaseUrl: url, dataDir, concurrency: settings.concurrency, organizations: 10 }),
    ],
    ['graphile-worker 0.18.0', (url) => graphileWorkerPeer({ databaseUrl: url, concurrency: settings.concurrency })],
    ['pg-boss 12.38.1', (url) => pgBossPeer({ databaseUrl: url, concurrency: settings.concurrency })],
  ];
  for (const [name, make] of pgPeers) {
    if (!pgInfo.url) {
      rows.push({ peer: name, config: '', available: false, reason: `not available: ${pgInfo.reason}` });
      continue;
    }
    const db = await freshDatabase(pgInfo.url, `queue_${name.replace(/[^a-z0-9]+/gi, '_')}`);
    const dir = tempDir('jobs-bench-queue-');
    rows.push(await runPeer(async () => make(db.url, dir.dir), name, settings));
    await dir.remove();
    await db.drop();
  }

  const ratios: QueueResult['ratios'] = [];
  for (const ours of rows.filter((r) => r.peer.startsWith('ours') && r.available)) {
    for (const peer of rows.filter((r) => !r.peer.startsWith('ours') && r.available)) {
      ratios.push({
        ours: ours.peer,
        peer: peer.peer,
        jobsPerSecond: ratioValue(ours.jobsPerSecond, peer.jobsPerSecond),
        idlePickupP50: ratioValue(ours.idlePickup?.p50, peer.idlePickup?.p50),
        idlePickupP99: ratioValue(ours.idlePickup?.p99, peer.idlePickup?.p99),
      });
    }
  }
  return { settings, rows, ratios };
}

export function printQueueResult(result: QueueResult): void {
  const { settings, rows } = result;
  printTable(
    `1. Queue engine — ${settings.jobs.toLocaleString('en-US')} no-op jobs, worker concurrency ${settings.concurrency}, ${settings.producers} concurrent creators; idle pickup over ${settings.idleJobs} jobs one at a time`,
    ['peer', 'jobs/s', 'creates/s', 'pickup p50 ms (loaded)', 'p99', 'pickup p50 ms (idle)', 'p99'],
    rows.map((r) =>
      r.available
        ? [
            r.peer,
            fmt(r.jobsPerSecond),
            fmt(r.createsPerSecond),
            fmt(r.loadedPickup?.p50),
            fmt(r.loadedPickup?.p99),
            fmt(r.idlePickup?.p50),
            fmt(r.idlePickup?.p99),
          ]
        : [r.peer, r.reason ?? 'not available', '', '', '', '', ''],
    ),
    rows.filter((r) => r.available).map((r) => `${r.peer}: ${r.config}`),
  );
  if (result.ratios.length) {
    printTable(
      '   ratios ours / peer (jobs/s: above 1 is faster; pickup latency: below 1 is quicker)',
      ['ours vs peer', 'jobs/s', 'idle pickup p50', 'idle pickup p99'],
      rows
        .filter((r) => r.peer.startsWith('ours') && r.available)
        .flatMap((ours) =>
          rows
            .filter((p) => !p.peer.startsWith('ours') && p.available)
            .map((peer) => [
              `${ours.peer} / ${peer.peer}`,
              ratio(ours.jobsPerSecond, peer.jobsPerSecond),
              ratio(ours.idlePickup?.p50, peer.idlePickup?.p50),
              ratio(ours.idlePickup?.p99, peer.idlePickup?.p99),
            ]),
        ),
    );
  }
}

/**
 * `npm run bench:sqlite -w @jobs-api/bench [-- --quick]`: better-sqlite3 (what the store uses) and
 * Node's built-in node:sqlite, side by side on the store's own SQL — the query functions of
 * apps/server/src/store/sqlite (built, from @jobs-api/server's dist), called with either driver
 * (node:sqlite through ./nodeSqlite.ts). Both drivers run in this process, one after the other,
 * alternating over rounds, so read the ratio.
 *
 *   queue: insertJob × N, then claimJobs (batches of 10, ORG_MAX_IN_FLIGHT's default 100) +
 *          completeJob for each claimed job until none is left: inserts/s and claimed+completed/s.
 *   list:  the list benchmark's rows (seed.ts) and cases (list/run.ts), first page and deep
 *          cursor, through listJobs (+ jobSequence for the cursor, as the store does): p50/p99.
 *   features: WAL, the busy timeout (a second process holds the write lock for 300 ms), the same
 *          answers from both drivers.
 *
 * Figures only: nothing here passes or fails on a number.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { JobStore } from '@jobs-api/server';
import { tempDir, runCleanup } from '../lib/cleanup.js';
import { fmt, printTable, summarize } from '../lib/stats.js';
import { cases } from '../list/run.js';
import { organizationId, seedSqlite } from '../list/seed.js';
import { benchJob } from '../queue/ours.js';
import { openNodeSqlite, type BetterSqliteLike } from './nodeSqlite.js';

type Db = BetterSqliteLike;
type NewJob = Parameters<JobStore['insertJob']>[0];
type ClaimArgs = Parameters<JobStore['claimJobs']>[0];
type ClaimedJob = Awaited<ReturnType<JobStore['claimJobs']>>[number];
type Lease = Parameters<JobStore['completeJob']>[0];
type JobResponse = Parameters<JobStore['completeJob']>[1];
type ListQuery = Parameters<JobStore['listJobs']>[1];
type JobPage = Awaited<ReturnType<JobStore['listJobs']>>;

/** The store's query functions, from the server's build (they take the database as first argument). */
interface StoreQueries {
  openDatabase(file: string): Db;
  migrate(db: Db): number;
  insertJob(db: Db, job: NewJob): unknown;
  claimJobs(db: Db, args: ClaimArgs): ClaimedJob[];
  completeJob(db: Db, lease: Lease, response: JobResponse, now: number): boolean;
  listJobs(db: Db, organizationId: string, query: ListQuery, cursorSeq?: number): JobPage;
  jobSequence(db: Db, organizationId: string, jobId: string): number | undefined;
}

async function loadStoreQueries(): Promise<StoreQueries> {
  const dist = dirname(fileURLToPath(import.meta.resolve('@jobs-api/server')));
  const load = (path: string) => import(pathToFileURL(join(dist, 'store/sqlite', path)).href) as Promise<Record<string, unknown>>;
  const modules = await Promise.all(
    ['db.js', 'migrate.js', 'queries/insertJob.js', 'queries/claimJobs.js', 'queries/recordOutcome.js', 'queries/listJobs.js', 'queries/getJob.js'].map(load),
  );
  return Object.assign({}, ...modules) as StoreQueries;
}

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
const settings = values.quick
  ? { jobs: 2_000, rounds: 3, rows: 100_000, organizations: 100, iterations: 50 }
  : { jobs: 10_000, rounds: 5, rows: 1_000_000, organizations: 100, iterations: 200 };

const RESPONSE: JobResponse = { status_code: 200, body: { text: 'hello', pages: ['hello'] } } as JobResponse;

interface Driver {
  name: string;
  open(file: string): Db;
}

function drivers(q: StoreQueries): Driver[] {
  return [
    { name: 'better-sqlite3', open: (file) => q.openDatabase(file) },
    { name: 'node:sqlite', open: (file) => openNodeSqlite(file) },
  ];
}

/** One queue round on a fresh file: N inserts, then claim/complete until the queue is empty. */
function queueRound(q: StoreQueries, driver: Driver): { insertsPerS: number; jobsPerS: number } {
  const dir = tempDir('jobs-bench-sqlite-');
  const db = driver.open(join(dir.dir, 'jobs.db'));
  try {
    q.migrate(db);
    const jobs = Array.from({ length: settings.jobs }, (_, i) => benchJob(i, organizationId(i % 10)));
    let t = performance.now();
    for (const job of jobs) q.insertJob(db, job);
    const insertsPerS = settings.jobs / ((performance.now() - t) / 1000);

    const workerId = 'wrk_bench';
    let finished = 0;
    t = performance.now();
    for (;;) {
      const claimed = q.claimJobs(db, { workerId, limit: 10, now: Date.now(), leaseMs: 30_000, orgMaxInFlight: 100 });
      if (claimed.length === 0) break;
      for (const job of claimed) {
        if (!q.completeJob(db, { jobId: job.jobId, workerId, attempt: job.attempt }, RESPONSE, Date.now()))
          throw new Error(`${driver.name}: completeJob lost ${job.jobId}`);
        finished++;
      }
    }
    const jobsPerS = finished / ((performance.now() - t) / 1000);
    if (finished !== settings.jobs) throw new Error(`${driver.name}: ${finished} of ${settings.jobs} jobs claimed and completed`);
    return { insertsPerS, jobsPerS };
  } finally {
    db.close();
    void dir.remove();
  }
}

interface ListFigures {
  seedSeconds: number;
  cases: { name: string; first: number[]; deep: number[]; firstIds: string[] }[];
}

function listRun(q: StoreQueries, driver: Driver, startS: number): ListFigures {
  const dir = tempDir('jobs-bench-sqlite-list-');
  const db = driver.open(join(dir.dir, 'jobs.db'));
  try {
    q.migrate(db);
    let t = performance.now();
    seedSqlite(db as never, settings.rows, settings.organizations, startS);
    const seedSeconds = (performance.now() - t) / 1000;
    const orgs = Array.from({ length: settings.organizations }, (_, i) => organizationId(i));
    const perOrg = Math.floor(settings.rows / settings.organizations);
    const cursorStatement = db.prepare('SELECT id FROM jobs WHERE organization_id = ? ORDER BY seq LIMIT 1 OFFSET ?');
    const cursors = new Map(orgs.map((org) => [org, (cursorStatement.get(org, Math.floor(perOrg * 0.1)) as { id: string }).id]));
    const list = (org: string, query: ListQuery) => {
      const cursorId = query.after ?? query.before;
      return q.listJobs(db, org, query, cursorId === undefined ? undefined : q.jobSequence(db, org, cursorId));
    };
    const figures: ListFigures['cases'] = [];
    for (const c of cases(startS)) {
      const query = (org: string, deep: boolean): ListQuery =>
        ({ limit: 20, order: 'desc', ...c.query, ...(deep ? { after: cursors.get(org) } : {}) }) as ListQuery;
      const firstIds = list(orgs[0]!, query(orgs[0]!, false)).jobs.map((j) => j.id);
      const timings = { first: [] as number[], deep: [] as number[] };
      for (const deep of [false, true]) {
        list(orgs[0]!, query(orgs[0]!, deep));
        for (let i = 0; i < settings.iterations; i++) {
          const org = orgs[i % orgs.length]!;
          t = performance.now();
          list(org, query(org, deep));
          (deep ? timings.deep : timings.first).push(performance.now() - t);
        }
      }
      figures.push({ name: c.name, ...timings, firstIds });
    }
    return { seedSeconds, cases: figures };
  } finally {
    db.close();
    void dir.remove();
  }
}

/** How long a write waits while another process holds the write lock for `holdMs` (it should wait, not fail). */
async function busyWait(q: StoreQueries, driver: Driver, holdMs: number): Promise<string> {
  const dir = tempDir('jobs-bench-sqlite-busy-');
  const file = join(dir.dir, 'jobs.db');
  const db = driver.open(file);
  try {
    q.migrate(db);
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const { DatabaseSync } = require('node:sqlite');
         const db = new DatabaseSync(${JSON.stringify(file)});
         db.exec('BEGIN IMMEDIATE');
         console.log('locked');
         setTimeout(() => { db.exec('COMMIT'); db.close(); }, ${holdMs});`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve, reject) => {
      holder.stdout.once('data', () => resolve());
      holder.once('exit', (code) => reject(new Error(`the lock holder exited (${code}) before taking the lock`)));
    });
    const t = performance.now();
    try {
      q.insertJob(db, benchJob(0));
      return `waited ${fmt(performance.now() - t)} ms for a ${holdMs} ms lock, then wrote`;
    } catch (error) {
      return `failed after ${fmt(performance.now() - t)} ms: ${(error as Error).message}`;
    } finally {
      await new Promise((resolve) => (holder.exitCode === null ? holder.once('exit', resolve) : resolve(undefined)));
    }
  } finally {
    db.close();
    void dir.remove();
  }
}

async function main(): Promise<void> {
  const q = await loadStoreQueries();
  const all = drivers(q);
  const probe = (driver: Driver) => {
    const dir = tempDir('jobs-bench-sqlite-probe-');
    const db = driver.open(join(dir.dir, 'jobs.db'));
    const facts = {
      sqlite: db.prepare('SELECT sqlite_version() AS v').get() as { v: string },
      journal: db.pragma('journal_mode', { simple: true }),
      busy: db.pragma('busy_timeout', { simple: true }),
      cache: db.pragma('cache_size', { simple: true }),
    };
    db.close();
    void dir.remove();
    return `SQLite ${facts.sqlite.v}, journal_mode ${String(facts.journal)}, busy_timeout ${String(facts.busy)} ms, cache_size ${String(facts.cache)}`;
  };
  console.log(`better-sqlite3 vs node:sqlite on the store's SQL (${values.quick ? 'quick' : 'full'}), Node ${process.version}`);
  for (const d of all) console.log(`  ${d.name}: ${probe(d)}`);

  // Queue: rounds alternate between the drivers so that a change in the machine's load hits both.
  const queue = new Map(all.map((d) => [d.name, { inserts: [] as number[], jobs: [] as number[] }]));
  for (let round = 0; round < settings.rounds; round++) {
    for (const d of round % 2 === 0 ? all : [...all].reverse()) {
      const r = queueRound(q, d);
      queue.get(d.name)!.inserts.push(r.insertsPerS);
      queue.get(d.name)!.jobs.push(r.jobsPerS);
    }
  }
  const base = all[0]!.name;
  const median = (v: number[]) => summarize(v).p50;
  printTable(
    `queue — ${settings.jobs.toLocaleString('en-US')} jobs per round, ${settings.rounds} rounds per driver (median)`,
    ['driver', 'insertJob/s', 'claim+complete jobs/s', 'ratio inserts', 'ratio jobs'],
    all.map((d) => {
      const f = queue.get(d.name)!;
      const b = queue.get(base)!;
      return [
        d.name,
        fmt(median(f.inserts)),
        fmt(median(f.jobs)),
        `${fmt(median(f.inserts) / median(b.inserts))}×`,
        `${fmt(median(f.jobs) / median(b.jobs))}×`,
      ];
    }),
    [
      'claimJobs: batches of 10, orgMaxInFlight 100 (the default), one IMMEDIATE transaction each; completeJob per job',
      `ratios: driver / ${base}, above 1 is faster`,
    ],
  );

  const startS = Math.floor(Date.now() / 1000) - 30 * 86_400;
  const lists = all.map((d) => ({ driver: d, figures: listRun(q, d, startS) }));
  const [first, second] = lists as [(typeof lists)[0], (typeof lists)[0]];
  const rows = first.figures.cases.map((c, i) => {
    const other = second.figures.cases[i]!;
    if (JSON.stringify(c.firstIds) !== JSON.stringify(other.firstIds)) throw new Error(`"${c.name}": the drivers answered different pages`);
    const a = { first: summarize(c.first), deep: summarize(c.deep) };
    const b = { first: summarize(other.first), deep: summarize(other.deep) };
    return [
      c.name,
      fmt(a.first.p50),
      fmt(b.first.p50),
      `${fmt(b.first.p50 / a.first.p50)}×`,
      fmt(a.deep.p50),
      fmt(b.deep.p50),
      `${fmt(b.deep.p50 / a.deep.p50)}×`,
    ];
  });
  printTable(
    `list — ${settings.rows.toLocaleString('en-US')} jobs over ${settings.organizations} organizations, listJobs limit 20 desc, ${settings.iterations} calls per figure (p50 ms)`,
    ['case', `first ${first.driver.name}`, `first ${second.driver.name}`, 'ratio', `deep ${first.driver.name}`, `deep ${second.driver.name}`, 'ratio'],
    rows,
    [
      `seeded in ${fmt(first.figures.seedSeconds)} s (${first.driver.name}) and ${fmt(second.figures.seedSeconds)} s (${second.driver.name})`,
      `ratios: ${second.driver.name} / ${first.driver.name} latency, below 1 is faster; both drivers answered the same first pages`,
    ],
  );

  console.log('\nbusy timeout (another process holds the write lock for 300 ms):');
  for (const d of all) console.log(`  ${d.name}: ${await busyWait(q, d, 300)}`);
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => runCleanup());

/**
 * `npm run bench [-- --quick] [-- --only queue,http,list,memory,engine]`: the benchmarks,
 * one after another, each printing its table; then bench-results.json (in this workspace) with every
 * figure, the settings and the machine. Peers run in this process tree, on this machine, against the
 * same PostgreSQL (TEST_DATABASE_URL), in this run: read the ratios, not the absolute figures.
 *
 * Figures only: nothing here passes or fails on a number.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { installSignalHandlers, runCleanup, stopRequested } from './lib/cleanup.js';
import { checkPostgres } from './lib/postgres.js';
import { printHttpResult, runHttpBench } from './http/run.js';
import { printListResult, runListBench } from './list/run.js';
import { printEngineResult, runEngineBench } from './engine/run.js';
import { printMemoryResult, runMemoryBench } from './memory/run.js';
import { printQueueResult, runQueueBench } from './queue/run.js';

const SECTIONS = ['queue', 'http', 'list', 'memory', 'engine'] as const;
type Section = (typeof SECTIONS)[number];

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    jobs: { type: 'string' },
    rows: { type: 'string' },
    creates: { type: 'string' },
    out: { type: 'string' },
  },
});

const quick = values.quick!;
const only = new Set<Section>(
  values.only
    ? values.only
        .split(',')
        .map((s) => s.trim())
        .filter((s): s is Section => (SECTIONS as readonly string[]).includes(s))
    : SECTIONS,
);
const num = (raw: string | undefined, fallback: number) => (raw === undefined ? fallback : Number(raw.replaceAll('_', '')));

const settings = {
  queue: { jobs: num(values.jobs, quick ? 1_000 : 10_000), idleJobs: quick ? 20 : 100, concurrency: 10, producers: 10 },
  http: { connections: 10, warmupSeconds: 1, seconds: quick ? 2 : 10 },
  list: { rows: num(values.rows, quick ? 100_000 : 1_000_000), organizations: 100, iterations: quick ? 30 : 200 },
  memory: { creates: num(values.creates, quick ? 12 : 1_000), documentBytes: 5 * 1024 * 1024 },
  engine: { idleSeconds: quick ? 3 : 10, maxBusySeconds: quick ? 30 : 180, parses: 3, ocrJobs: 2 },
};

async function main(): Promise<void> {
  installSignalHandlers();
  const startedAt = new Date();
  console.log(`jobs-api benchmarks (${quick ? 'quick' : 'full'}) — ${startedAt.toISOString()}`);
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const pgInfo = await checkPostgres();
  console.log(pgInfo.url ? `PostgreSQL ${pgInfo.version} from TEST_DATABASE_URL (a fresh database per peer)` : `PostgreSQL not available: ${pgInfo.reason}`);

  const results: Record<string, unknown> = {};
  const t0 = performance.now();
  if (only.has('queue')) {
    const r = await runQueueBench(settings.queue, pgInfo);
    printQueueResult(r);
    results.queue = r;
  }
  if (only.has('http')) {
    const r = await runHttpBench(settings.http, pgInfo);
    printHttpResult(r);
    results.http = r;
  }
  if (only.has('list')) {
    const r = await runListBench(settings.list, pgInfo);
    printListResult(r);
    results.list = r;
  }
  if (only.has('memory')) {
    const r = await runMemoryBench(settings.memory);
    printMemoryResult(r);
    results.memory = r;
  }
  if (only.has('engine')) {
    const r = await runEngineBench(settings.engine);
    printEngineResult(r);
    results.engine = r;
  }
  const seconds = (performance.now() - t0) / 1000;
  const out = values.out ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'bench-results.json');
  writeFileSync(
    out,
    JSON.stringify(
      {
        date: startedAt.toISOString(),
        mode: quick ? 'quick' : 'full',
        seconds,
        machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memoryBytes: totalmem(), node: process.version, loadavgAtEnd: loadavg() },
        postgres: pgInfo.url ? { version: pgInfo.version } : { notAvailable: pgInfo.reason },
        settings,
        results,
      },
      null,
      2,
    ) + '\n',
  );
  console.log(`\ndone in ${seconds.toFixed(0)} s; figures written to ${out}`);
}

try {
  await main();
} catch (error) {
  if (!stopRequested()) console.error(error);
  process.exitCode = 1;
} finally {
  await runCleanup();
}

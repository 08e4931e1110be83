/**
 * Section 4, memory: peak RSS of the server process (`jobs-api api`, a child process of its own;
 * VmHWM from /proc/<pid>/status, VmRSS sampled every 50 ms for the timeline) while `creates` parse
 * jobs, each with a distinct ~5 MB `data:` URL (~6.7 MB of base64), all arrive at once on their
 * own connections. The server reads at most 8 bodies above 1 MiB at a time (http/bodyGate.ts)
 * and moves data: URLs above 64 KiB to the blob store before storing the job; this shows whether
 * that keeps the peak bounded. API only: no worker parses the documents meanwhile.
 *
 * The client holds one shared 5 MB payload: each body is a small unique head (its own file name
 * and 24 leading bytes of document, so no two blobs deduplicate) + the shared base64 + a tail,
 * written as three chunks.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { request, Agent } from 'node:http';
import { join } from 'node:path';
import { SERVER_NODE_FLAGS } from '@jobs-api/server';
import { tempDir } from '../lib/cleanup.js';
import { readRss, startServerProcess } from '../lib/serverProcess.js';
import { fmt, mib, printTable, summarize, type Summary } from '../lib/stats.js';

export interface MemorySettings {
  creates: number;
  documentBytes: number;
}

export interface MemoryResult {
  settings: MemorySettings;
  runs: MemoryRun[];
}

export interface MemoryRun {
  /** `as deployed`, or the diagnostic `without the Node flags` (no SERVER_NODE_FLAGS). */
  server: string;
  /** bytes */
  baselineRss: number;
  peakRss: number;
  rssAfter: number;
  /** Request body size of one create. */
  bodyBytes: number;
  statuses: Record<string, number>;
  seconds: number;
  /** ms from the burst to each answer. */
  latency: Summary;
  blobFiles: number;
  blobBytes: number;
  /** RSS every second of the burst (MiB), for the shape of the curve. */
  rssTimelineMiB: number[];
}

const KEY = 'sk_bench_memory_0123456789abcdefghij';
const WITHOUT_FLAGS = 'without the Node flags';

function dirSize(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return { files, bytes };
  }
  for (const name of entries) {
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) {
      const sub = dirSize(path);
      files += sub.files;
      bytes += sub.bytes;
    } else {
      files++;
      bytes += st.size;
    }
  }
  return { files, bytes };
}

export async function runMemoryBench(settings: MemorySettings): Promise<MemoryResult> {
  const runs: MemoryRun[] = [];
  // The server as deployed, then the same server started without SERVER_NODE_FLAGS (a diagnostic:
  // what the flags are worth). Runs before 30 Nov 2026 measured a diagnostic server with the native
  // JSON.stringify put back; packages/documents now keeps the native one itself.
  for (const [server, nodeFlags] of [
    ['as deployed', SERVER_NODE_FLAGS],
    [WITHOUT_FLAGS, []],
  ] as const) {
    process.stdout.write(`  memory: ${settings.creates} creates, server ${server} …`);
    const run = await measureOnce(settings, server, nodeFlags);
    console.log(` peak RSS ${mib(run.peakRss)}, ${fmt(run.seconds)} s`);
    runs.push(run);
  }
  return { settings, runs };
}

async function measureOnce(settings: MemorySettings, name: string, nodeFlags: readonly string[]): Promise<MemoryRun> {
  const dir = tempDir('jobs-bench-memory-');
  const server = await startServerProcess(
    'api',
    { DATA_DIR: dir.dir, JOBS_API_KEY: KEY, RATE_LIMIT_RPS: '0', ORG_MAX_IN_FLIGHT: '0', LOG_LEVEL: 'warn' },
    join(dir.dir, 'server.log'),
    nodeFlags,
  );
  try {
    // 24 unique raw bytes base64-encode to 32 characters without padding, so head + shared is the
    // base64 of (unique bytes + shared bytes): every body is a valid, distinct document.
    const shared = Buffer.from(randomBytes(settings.documentBytes - 24).toString('base64'));
    const { port } = new URL(server.url);
    const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
    const baselineRss = readRss(server.pid)!.rss;

    const samples: number[] = [];
    const sampler = setInterval(() => {
      const r = readRss(server.pid);
      if (r) samples.push(r.rss);
    }, 50);
    const statuses: Record<string, number> = {};
    const latencies: number[] = [];
    let bodyBytes = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: settings.creates }, (_, i) => {
        const head = Buffer.from(
          `{"endpoint":"/v1/documents/parse","request":{"document":{"filename":"big-${i}.pdf","url":"data:application/pdf;base64,${randomBytes(24).toString('base64')}`,
        );
        const tail = Buffer.from('"}}}');
        const length = head.length + shared.length + tail.length;
        bodyBytes = length;
        return new Promise<void>((resolve) => {
          const req = request(
            {
              host: '127.0.0.1',
              port,
              method: 'POST',
              path: '/v1/jobs',
              agent,
              headers: { 'content-type': 'application/json', 'content-length': length, 'api-key': KEY },
            },
            (res) => {
              res.resume();
              res.on('end', () => {
                statuses[res.statusCode!] = (statuses[res.statusCode!] ?? 0) + 1;
                latencies.push(performance.now() - t0);
                resolve();
              });
            },
          );
          req.on('error', (error) => {
            statuses[`error ${(error as NodeJS.ErrnoException).code ?? error.message}`] =
              (statuses[`error ${(error as NodeJS.ErrnoException).code ?? error.message}`] ?? 0) + 1;
            resolve();
          });
          req.write(head);
          req.write(shared);
          req.end(tail);
        });
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    agent.destroy();
    const rss = readRss(server.pid)!;
    const blobs = dirSize(join(dir.dir, 'blobs'));
    const perSecond = Math.max(1, Math.round(1000 / 50));
    const rssTimelineMiB: number[] = [];
    for (let i = 0; i < samples.length; i += perSecond) rssTimelineMiB.push(Math.round(Math.max(...samples.slice(i, i + perSecond)) / 2 ** 20));
    return {
      server: name,
      baselineRss,
      peakRss: rss.hwm,
      rssAfter: rss.rss,
      bodyBytes,
      statuses,
      seconds,
      latency: summarize(latencies),
      blobFiles: blobs.files,
      blobBytes: blobs.bytes,
      rssTimelineMiB,
    };
  } finally {
    await server.stop();
    await dir.remove();
  }
}

export function printMemoryResult(r: MemoryResult): void {
  const bodyBytes = r.runs[0]?.bodyBytes ?? 0;
  const total = bodyBytes * r.settings.creates;
  const row = (label: string, cell: (run: MemoryRun) => string) => [label, ...r.runs.map(cell)];
  printTable(
    `4. Memory — ${r.settings.creates.toLocaleString('en-US')} creates with distinct ${mib(r.settings.documentBytes)} data: URLs (${mib(bodyBytes)} bodies, ${mib(total)} in all), all at once`,
    ['figure', ...r.runs.map((run) => `server ${run.server}`)],
    [
      row('server RSS before', (run) => mib(run.baselineRss)),
      row('server peak RSS (VmHWM)', (run) => mib(run.peakRss)),
      row('server RSS after', (run) => mib(run.rssAfter)),
      row('peak − before', (run) => mib(run.peakRss - run.baselineRss)),
      row('blob bytes stored', (run) => `${mib(run.blobBytes)} in ${run.blobFiles} files`),
      row('answers', (run) =>
        Object.entries(run.statuses)
          .map(([s, n]) => `${n} × ${s}`)
          .join(', '),
      ),
      row('all answered after', (run) => `${fmt(run.seconds)} s`),
      row('answer p50 / p99', (run) => `${fmt(run.latency.p50 / 1000)} s / ${fmt(run.latency.p99 / 1000)} s`),
    ],
    [
      `server: \`jobs-api api\` child process (API only), SQLite + filesystem blobs, LOG_LEVEL=warn; creates answer 202 dispatch_delayed (no worker); as deployed: node ${SERVER_NODE_FLAGS.join(' ')}; ${WITHOUT_FLAGS}: node with V8's defaults`,
      ...r.runs.map((run) => `RSS each second, ${run.server} (MiB, max of 50 ms samples): ${run.rssTimelineMiB.join(' ')}`),
    ],
  );
}

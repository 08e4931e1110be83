/**
 * `npm run bench:profile -w @jobs-api/bench [-- --seconds 10] [-- --postgres]`: a CPU profile of
 * the request path. Starts `jobs-api api` under `node --cpu-prof` (SQLite, or PostgreSQL from
 * TEST_DATABASE_URL with --postgres), drives `POST /v1/jobs` then `GET /v1/jobs/{id}` with the
 * HTTP section's requests, stops the server (which writes the profile) and prints the top functions
 * by self time. Load it in Chrome DevTools (Performance → Load profile) for the call tree.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SERVER_NODE_FLAGS } from '@jobs-api/server';
import { installSignalHandlers, runCleanup, tempDir } from '../lib/cleanup.js';
import { checkPostgres, freshDatabase } from '../lib/postgres.js';
import { serverMainPath, startChild } from '../lib/serverProcess.js';
import { CREATE_BODY, KEY, cannon, getRequest, postRequest, registerHeartbeat } from './run.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a function lives: an npm package, one of our workspaces' files, or node/V8 itself. */
function ownerOf(url: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  const ours = /\/((?:apps|packages)\/[^/]+)\/(?:dist|src)\/(.*)$/.exec(url);
  if (ours) return `${ours[1]}/${ours[2]}`;
  return url.startsWith('node:') ? 'node (built-in JS)' : '(native, GC, idle)';
}

/**
 * Time summed per key of each sample (after the first `skipMs`), as shares of the samples counted:
 * a sample counts once for each key `keysOf` gives its node, and not at all when it gives none.
 */
function timeShares(profile: CpuProfile, skipMs: number, keysOf: (node: ProfileNode) => Iterable<string>): { name: string; share: number }[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  let all = 0;
  let elapsedUs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i] ?? 0;
    elapsedUs += dt;
    if (elapsedUs < skipMs * 1000) continue;
    let counted = false;
    for (const key of keysOf(byId.get(profile.samples[i]!)!)) {
      totals.set(key, (totals.get(key) ?? 0) + dt);
      counted = true;
    }
    if (counted) all += dt;
  }
  return [...totals.entries()].map(([name, t]) => ({ name, share: t / all })).sort((a, b) => b.share - a.share);
}

/**
 * Total (inclusive) time per function: each sample counts once for every distinct function on its
 * stack, as a share of the busy samples (idle left out). What a function costs with all it calls.
 */
function inclusiveTimes(profile: CpuProfile, skipMs: number): { name: string; share: number }[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  return timeShares(profile, skipMs, (leaf) => {
    const stack = new Set<string>();
    if (leaf.callFrame.functionName === '(idle)') return stack;
    for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) stack.add(functionLabel(byId.get(id)!));
    return stack;
  });
}

/** Self time summed per owner (see ownerOf). */
const ownerTimes = (profile: CpuProfile, skipMs: number) =>
  timeShares(profile, skipMs, (node) => [node.callFrame.functionName === '(idle)' ? '(idle)' : ownerOf(node.callFrame.url)]);

/** Self time per function (summed over its call sites). */
const selfTimes = (profile: CpuProfile, skipMs: number) => timeShares(profile, skipMs, (node) => [functionLabel(node)]);

/** A function as `name package/file:line`. */
function functionLabel({ callFrame: { functionName, url, lineNumber } }: ProfileNode): string {
  const where = url.replace(/^.*node_modules\//, '').replace(/^.*\/(apps|packages)\//, '$1/');
  return `${functionName || '(anonymous)'} ${where ? `${where}:${lineNumber + 1}` : ''}`.trim();
}

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    postgres: { type: 'boolean', default: false },
    top: { type: 'string', default: '30' },
    /** create, get or both (one after the other, in one profile). */
    operation: { type: 'string', default: 'both' },
  },
});

async function main(): Promise<void> {
  installSignalHandlers();
  const dir = tempDir('jobs-bench-profile-');
  const profileDir = join(dir.dir, 'profile');
  const env: Record<string, string> = { DATA_DIR: dir.dir, JOBS_API_KEY: KEY, RATE_LIMIT_RPS: '0', ORG_MAX_IN_FLIGHT: '0' };
  if (values.postgres) {
    const pg = await checkPostgres();
    if (!pg.url) throw new Error(`PostgreSQL not available: ${pg.reason}`);
    env.DATABASE_URL = (await freshDatabase(pg.url, 'profile')).url;
  }
  const spawnedAt = performance.now();
  const server = await startChild(process.execPath, [...SERVER_NODE_FLAGS, '--cpu-prof', `--cpu-prof-dir=${profileDir}`, serverMainPath(), 'api'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, HOST: '127.0.0.1', PORT: '0', ...env },
    logFile: join(dir.dir, 'server.log'),
    ready: /Jobs API listening on (http:\/\/\S+)/,
    what: 'jobs-api api (profiled)',
  });
  const stopBeat = await registerHeartbeat(dir.dir, env.DATABASE_URL);
  const seconds = Number(values.seconds);
  const headers = { 'content-type': 'application/json', 'api-key': KEY };
  const first = performance.now();
  const created = await fetch(`${server.url}/v1/jobs`, { method: 'POST', headers, body: CREATE_BODY });
  console.log(`first create after start: ${created.status} in ${(performance.now() - first).toFixed(0)} ms`);
  const job = (await created.json()) as { id: string };
  // Start-up (module loading, migrations, validator compilation) is left out of the figures.
  const loadStartMs = performance.now() - spawnedAt;
  if (values.operation !== 'get') {
    const post = await cannon(server.url, seconds, 10, postRequest());
    console.log(`POST /v1/jobs ${post.requests.average} req/s (profiled: slower than unprofiled)`);
  }
  if (values.operation !== 'create') {
    const get = await cannon(server.url, seconds, 10, getRequest(job.id));
    console.log(`GET /v1/jobs/{id} ${get.requests.average} req/s (profiled: slower than unprofiled)`);
  }
  await stopBeat();
  await server.stop();
  const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('the server wrote no profile');
  const profile = JSON.parse(readFileSync(join(profileDir, file), 'utf8')) as CpuProfile;
  console.log(`\ntop ${values.top} functions by self time under load (start-up left out; ${join(profileDir, file)} is removed at exit):`);
  for (const { name, share } of selfTimes(profile, loadStartMs).slice(0, Number(values.top))) console.log(`${(share * 100).toFixed(1).padStart(5)}%  ${name}`);
  console.log('\ntotal (inclusive) time per function, as a share of the busy samples:');
  for (const { name, share } of inclusiveTimes(profile, loadStartMs).slice(0, Number(values.top)))
    console.log(`${(share * 100).toFixed(1).padStart(5)}%  ${name}`);
  console.log('\nself time by package / file:');
  for (const { name, share } of ownerTimes(profile, loadStartMs).slice(0, Number(values.top))) console.log(`${(share * 100).toFixed(1).padStart(5)}%  ${name}`);
  await dir.remove();
}

try {
  await main();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await runCleanup();
}

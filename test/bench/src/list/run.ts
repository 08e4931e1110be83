/**
 * Section 3, list at scale: `rows` jobs over 100 organizations seeded straight into the tables
 * (seed.ts), then `store.listJobs` timed for each filter alone and two combined, on the first page
 * and on a deep cursor (`after` a job 90% of the way down the organization's jobs, order desc),
 * rotating over the organizations; on SQLite and on PostgreSQL. The query plan of the statement the
 * store actually ran (captured, not rebuilt) is printed for every case.
 */
import { compileLinearPattern } from '@jobs-api/documents';
import { loadConfig, openPersistence, type JobStore } from '@jobs-api/server';
import { tempDir } from '../lib/cleanup.js';
import { freshDatabase, type PostgresAvailability } from '../lib/postgres.js';
import { fmt, printTable, summarize, type Summary } from '../lib/stats.js';
import { organizationId, seedPostgres, seedSqlite } from './seed.js';

type ListQuery = Parameters<JobStore['listJobs']>[1];

export interface ListSettings {
  rows: number;
  organizations: number;
  iterations: number;
}

interface Case {
  name: string;
  query: Omit<ListQuery, 'limit' | 'order'>;
}

export interface ListCaseResult {
  case: string;
  firstPage: Summary;
  deepCursor: Summary;
  /** Rows answered on the first page of the first organization (sanity: filters match something). */
  firstPageRows: number;
  plan: string[];
  deepPlan: string[];
  /** What the plans use: index names, or SCAN / sort markers. */
  access: string;
  scans: boolean;
}

export interface ListEngineResult {
  engine: 'SQLite' | 'PostgreSQL';
  available: boolean;
  reason?: string;
  seedSeconds?: number;
  cases: ListCaseResult[];
}

export interface ListResult {
  settings: ListSettings;
  engines: ListEngineResult[];
}

const SPAN_DAYS = 30;

/** A filename_regex as the server compiles it (RE2, linear time). */
function regex(pattern: string): (name: string) => boolean {
  const compiled = compileLinearPattern(pattern);
  return (name) => compiled.test(name);
}

export function cases(startS: number): Case[] {
  // A one-day window in the middle of the 30 days (about 3% of the jobs).
  const from = (startS + 15 * 86_400) * 1000;
  const to = (startS + 16 * 86_400) * 1000;
  return [
    { name: 'no filter', query: {} },
    { name: 'status=failed (8%)', query: { statuses: ['failed'] } },
    { name: 'endpoint=classify (10%)', query: { endpoints: ['/v1/documents/classify'] } },
    { name: 'model=retab-large (25%)', query: { models: ['retab-large'] } },
    { name: 'filename_contains=contract (20%)', query: { filenameContains: 'contract' } },
    { name: 'from_date..to_date, 1 day (3%)', query: { createdFrom: from, createdTo: to } },
    { name: 'metadata customer=cust_7 (2%)', query: { metadata: { customer: 'cust_7' } } },
    { name: 'status=failed + endpoint=classify', query: { statuses: ['failed'], endpoints: ['/v1/documents/classify'] } },
    { name: 'model=retab-large + 1-day window', query: { models: ['retab-large'], createdFrom: from, createdTo: to } },
    // The filters of the official SDKs (migration 040).
    { name: 'source=project (10%)', query: { sources: ['project'] } },
    { name: 'project_id=proj_007 (0.5%)', query: { projectId: 'proj_007' } },
    { name: 'document_type=png (20%)', query: { documentTypes: ['image/png'] } },
    { name: 'document_type=pdf,txt (80%)', query: { documentTypes: ['application/pdf', 'text/plain'] } },
    // Tested on at most 10,000 candidates per page (LIST_REGEX_SCAN_LIMIT): ~0.2% match, so a page
    // often stops at the bound; the cost per request is what is bounded.
    { name: 'filename_regex ^contract-1234 (~0.2%)', query: { filenameMatches: regex('^contract-1234') } },
    { name: 'filename_regex + endpoint=classify', query: { filenameMatches: regex('^receipt-[0-9]{3}[.]'), endpoints: ['/v1/documents/classify'] } },
    { name: 'workflow_id (matches no job)', query: { matchesNothing: true } },
  ];
}

interface Captured {
  sql: string;
  params: unknown[];
}

interface Engine {
  store: JobStore;
  /** The last list statement the store ran. */
  last(): Captured | undefined;
  explain(c: Captured): Promise<string[]>;
  /** The job `depth` (0 = newest) positions down an organization's jobs in desc order. */
  cursorAt(org: string, fromOldest: number): Promise<string>;
  seed(): Promise<void>;
  close(): Promise<void>;
}

const isListSql = (sql: string) => /FROM jobs WHERE organization_id = \S+.*ORDER BY seq/s.test(sql);

async function sqliteEngine(settings: ListSettings, startS: number): Promise<Engine> {
  const dir = tempDir('jobs-bench-list-');
  const persistence = openPersistence({ ...loadConfig({}), dataDir: dir.dir });
  await persistence.migrate();
  const store = persistence.jobs;
  type Db = { prepare(sql: string): { all(...p: unknown[]): unknown[]; get(...p: unknown[]): unknown; run(...p: unknown[]): unknown }; transaction: never };
  // The SQLite persistence holds its one better-sqlite3 handle (SqlitePersistence.db).
  const db = (persistence as unknown as { db: Db }).db;
  let last: Captured | undefined;
  // The store prepares each statement once (and caches it): wrap `all` of each prepared list statement.
  const prepare = db.prepare.bind(db);
  db.prepare = (sql: string) => {
    const statement = prepare(sql);
    if (isListSql(sql)) {
      const all = statement.all.bind(statement);
      statement.all = (...params: unknown[]) => {
        last = { sql, params };
        return all(...params);
      };
    }
    return statement;
  };
  return {
    store,
    last: () => last,
    async explain(c) {
      const rows = prepare(`EXPLAIN QUERY PLAN ${c.sql}`).all(...c.params) as { id: number; parent: number; detail: string }[];
      const depth = new Map<number, number>([[0, 0]]);
      return rows.map((r) => {
        const d = (depth.get(r.parent) ?? 0) + 1;
        depth.set(r.id, d);
        return `${'  '.repeat(d - 1)}${r.detail}`;
      });
    },
    async cursorAt(org, fromOldest) {
      return (prepare('SELECT id FROM jobs WHERE organization_id = ? ORDER BY seq LIMIT 1 OFFSET ?').get(org, fromOldest) as { id: string }).id;
    },
    async seed() {
      seedSqlite(db as never, settings.rows, settings.organizations, startS);
    },
    async close() {
      await store.close();
      await dir.remove();
    },
  };
}

async function postgresEngine(settings: ListSettings, startS: number, serverUrl: string): Promise<Engine> {
  const database = await freshDatabase(serverUrl, 'list');
  const persistence = openPersistence({ ...loadConfig({}), databaseUrl: database.url });
  const store = persistence.jobs;
  const pool = persistence.pool!;
  let last: Captured | undefined;
  // Record the list statements as the store sends them (every pooled connection, from its first query).
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      if (typeof args[0] === 'string' && isListSql(args[0])) last = { sql: args[0], params: (args[1] as unknown[]) ?? [] };
      return query(...args);
    };
  });
  await store.migrate();
  return {
    store,
    last: () => last,
    async explain(c) {
      const { rows } = await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) ${c.sql}`, c.params);
      return rows.map((r) => r['QUERY PLAN']);
    },
    async cursorAt(org, fromOldest) {
      const { rows } = await pool.query<{ id: string }>('SELECT id FROM jobs WHERE organization_id = $1 ORDER BY seq LIMIT 1 OFFSET $2', [org, fromOldest]);
      return rows[0]!.id;
    },
    async seed() {
      await seedPostgres(pool, settings.rows, settings.organizations, startS);
    },
    async close() {
      await store.close();
      await database.drop();
    },
  };
}

/** Index names a plan uses, and whether it reads the table without one or sorts. */
function access(plans: string[][], engine: 'SQLite' | 'PostgreSQL'): { text: string; scans: boolean } {
  const indexes = new Set<string>();
  let scans = false;
  let sorts = false;
  for (const line of plans.flat()) {
    for (const m of line.matchAll(/(?:USING (?:COVERING )?INDEX|Index (?:Only )?Scan(?: Backward)? using|Bitmap Index Scan on) (\w+)/g)) indexes.add(m[1]!);
    if (engine === 'SQLite' ? /^\s*SCAN jobs(?! USING)/.test(line) : /Seq Scan on jobs/.test(line)) scans = true;
    if (engine === 'SQLite' ? /TEMP B-TREE/.test(line) : /^\s*(->\s*)?(Incremental )?Sort/.test(line)) sorts = true;
  }
  const parts = [...indexes];
  if (scans) parts.push('TABLE SCAN');
  if (sorts) parts.push('sort');
  return { text: parts.join(', ') || '?', scans };
}

async function measureEngine(engine: Engine, settings: ListSettings, startS: number): Promise<ListCaseResult[]> {
  const perOrg = Math.floor(settings.rows / settings.organizations);
  const orgs = Array.from({ length: settings.organizations }, (_, i) => organizationId(i));
  const cursors = new Map<string, string>();
  for (const org of orgs) cursors.set(org, await engine.cursorAt(org, Math.floor(perOrg * 0.1)));
  const results: ListCaseResult[] = [];
  for (const c of cases(startS)) {
    const timings = { first: [] as number[], deep: [] as number[] };
    let firstPageRows = 0;
    let plan: string[] = [];
    let deepPlan: string[] = [];
    for (const deep of [false, true]) {
      const query = (org: string): ListQuery => ({ limit: 20, order: 'desc', ...c.query, ...(deep ? { after: cursors.get(org) } : {}) });
      // One untimed call per case, whose statement is the one explained.
      const page = await engine.store.listJobs(orgs[0]!, query(orgs[0]!));
      const captured = engine.last();
      if (!captured) throw new Error(`no list statement was captured for "${c.name}"`);
      if (deep) deepPlan = await engine.explain(captured);
      else {
        plan = await engine.explain(captured);
        firstPageRows = page.jobs.length;
      }
      for (let i = 0; i < settings.iterations; i++) {
        const org = orgs[i % orgs.length]!;
        const t = performance.now();
        await engine.store.listJobs(org, query(org));
        (deep ? timings.deep : timings.first).push(performance.now() - t);
      }
    }
    const a = access([plan, deepPlan], engine.store.engine === 'sqlite' ? 'SQLite' : 'PostgreSQL');
    results.push({
      case: c.name,
      firstPage: summarize(timings.first),
      deepCursor: summarize(timings.deep),
      firstPageRows,
      plan,
      deepPlan,
      access: a.text,
      scans: a.scans,
    });
  }
  return results;
}

export async function runListBench(settings: ListSettings, pgInfo: PostgresAvailability): Promise<ListResult> {
  const startS = Math.floor(Date.now() / 1000) - SPAN_DAYS * 86_400;
  const engines: ListEngineResult[] = [];
  const makers: ['SQLite' | 'PostgreSQL', (() => Promise<Engine>) | string][] = [
    ['SQLite', () => sqliteEngine(settings, startS)],
    ['PostgreSQL', pgInfo.url ? () => postgresEngine(settings, startS, pgInfo.url!) : `not available: ${pgInfo.reason}`],
  ];
  for (const [name, make] of makers) {
    if (typeof make === 'string') {
      engines.push({ engine: name, available: false, reason: make, cases: [] });
      continue;
    }
    process.stdout.write(`  list: ${name}: seeding ${settings.rows.toLocaleString('en-US')} jobs …`);
    const engine = await make();
    try {
      const t = performance.now();
      await engine.seed();
      const seedSeconds = (performance.now() - t) / 1000;
      process.stdout.write(` ${fmt(seedSeconds)} s; querying …`);
      const results = await measureEngine(engine, settings, startS);
      console.log(' done');
      engines.push({ engine: name, available: true, seedSeconds, cases: results });
    } catch (error) {
      console.log(` failed: ${(error as Error).message}`);
      engines.push({ engine: name, available: false, reason: `failed: ${(error as Error).message}`, cases: [] });
    } finally {
      await engine.close();
    }
  }
  return { settings, engines };
}

export function printListResult(result: ListResult): void {
  const { settings } = result;
  for (const e of result.engines) {
    const title = `3. List at scale — ${e.engine}: ${settings.rows.toLocaleString('en-US')} jobs over ${settings.organizations} organizations, store.listJobs limit 20 desc, ${settings.iterations} calls per figure`;
    if (!e.available) {
      printTable(title, ['case', 'figures'], [['all', e.reason ?? 'not available']]);
      continue;
    }
    printTable(
      title,
      ['case', 'rows', 'first page p50 ms', 'p99', 'deep cursor p50 ms', 'p99', 'plan uses'],
      e.cases.map((c) => [c.case, String(c.firstPageRows), fmt(c.firstPage.p50), fmt(c.firstPage.p99), fmt(c.deepCursor.p50), fmt(c.deepCursor.p99), c.access]),
      [
        `seeded in ${fmt(e.seedSeconds)} s (${e.engine === 'SQLite' ? 'multi-row INSERTs, one transaction per 50k rows; no ANALYZE: the server never runs it' : 'INSERT … SELECT unnest(arrays), 25k rows per statement; then ANALYZE'})`,
        `deep cursor: after= a job 90% of the way down the organization's ${Math.floor(settings.rows / settings.organizations).toLocaleString('en-US')} jobs`,
        ...(e.cases.some((c) => c.scans)
          ? [
              `TABLE SCAN in: ${e.cases
                .filter((c) => c.scans)
                .map((c) => c.case)
                .join('; ')}`,
            ]
          : ['no case reads the table without an index']),
      ],
    );
    console.log(
      `\n   ${e.engine} query plans (${e.engine === 'SQLite' ? 'EXPLAIN QUERY PLAN' : 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF)'} of the statement the store ran, organization ${organizationId(0)}):`,
    );
    for (const c of e.cases) {
      console.log(`   • ${c.case} — first page:`);
      for (const line of c.plan) console.log(`       ${line}`);
      if (c.deepPlan.join('\n') !== c.plan.join('\n')) {
        console.log('     deep cursor:');
        for (const line of c.deepPlan) console.log(`       ${line}`);
      }
    }
  }
}

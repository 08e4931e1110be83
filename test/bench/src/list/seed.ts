/**
 * Seeding `jobs` for the list benchmark straight into the tables (not through the API): the same
 * deterministic rows on both engines, organizations interleaved as real traffic would be.
 *   SQLite: multi-row INSERTs (500 rows each) inside one transaction per 50,000 rows.
 *   PostgreSQL: INSERT … SELECT FROM unnest(<one array per column>) per 25,000 rows.
 * Every index of the migrations is in place while seeding (what a real table has).
 */
import type pg from 'pg';

/** What the rows hold (the list filters' values), so the cases can pick realistic values. */
export const DISTRIBUTION = {
  statuses: [
    ['completed', 80],
    ['failed', 8],
    ['cancelled', 4],
    ['queued', 4],
    ['expired', 2],
    ['in_progress', 2],
  ],
  endpoints: [
    ['/v1/documents/parse', 40],
    ['/v1/documents/extract', 30],
    ['/v1/documents/classify', 10],
    ['/v1/documents/split', 8],
    ['/v1/schemas/generate', 4],
    ['/v1/edit/agent/fill', 4],
    ['/v1/edit/templates/fill', 4],
  ],
  models: [
    ['retab-small', 50],
    ['retab-large', 25],
    ['gpt-4o', 15],
    ['retab-micro', 10],
  ],
  fileKinds: [
    ['invoice', 50],
    ['receipt', 30],
    ['contract', 20],
  ],
  /** Document types (the file name's extension follows). */
  documentTypes: [
    ['application/pdf', 70],
    ['image/png', 20],
    ['text/plain', 10],
  ],
  /** This share of jobs names a project (source `project`), one of `projects` per organization. */
  projectShare: 0.1,
  projects: 20,
  customers: 50,
  /** created_at spans this many days, oldest first. */
  days: 30,
} as const;

/** mulberry32: a small deterministic PRNG, so both engines get the same rows. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function picker<T extends string>(table: readonly (readonly [T, number])[], random: () => number): () => T {
  const total = table.reduce((s, [, w]) => s + w, 0);
  return () => {
    let r = random() * total;
    for (const [value, w] of table) if ((r -= w) < 0) return value;
    return table[table.length - 1]![0];
  };
}

export const organizationId = (i: number) => `org_${String(i).padStart(3, '0')}`;

export interface SeedRow {
  id: string;
  organization_id: string;
  status: string;
  endpoint: string;
  model: string;
  filenames: string;
  request: string;
  metadata: string;
  created_at: number;
  started_at: number | null;
  completed_at: number | null;
  expires_at: number;
  attempt_count: number;
  max_attempts: number;
  run_at: number;
  last_attempt_at: number | null;
  source: string;
  project_id: string | null;
  document_type: string;
  document_names: string;
}

export const SEED_COLUMNS = [
  'id',
  'organization_id',
  'status',
  'endpoint',
  'model',
  'filenames',
  'request',
  'metadata',
  'created_at',
  'started_at',
  'completed_at',
  'expires_at',
  'attempt_count',
  'max_attempts',
  'run_at',
  'last_attempt_at',
  'source',
  'project_id',
  'document_type',
  'document_names',
] as const satisfies readonly (keyof SeedRow)[];

/** Rows `from` … `to - 1` of a table of `total` rows over `organizations` organizations (epoch seconds from `startS`). */
export function* generateRows(total: number, organizations: number, startS: number, batch: number): Generator<SeedRow[]> {
  const random = prng(8);
  const status = picker(DISTRIBUTION.statuses, random);
  const endpoint = picker(DISTRIBUTION.endpoints, random);
  const model = picker(DISTRIBUTION.models, random);
  const kind = picker(DISTRIBUTION.fileKinds, random);
  const documentType = picker(DISTRIBUTION.documentTypes, random);
  const EXTENSION: Record<string, string> = { 'application/pdf': 'pdf', 'image/png': 'png', 'text/plain': 'txt' };
  const spanS = DISTRIBUTION.days * 86_400;
  let rows: SeedRow[] = [];
  for (let i = 0; i < total; i++) {
    const createdAt = startS + Math.floor((i * spanS) / total);
    const s = status();
    const ran = s !== 'queued';
    const finished = ran && s !== 'in_progress';
    const type = documentType();
    const file = `${kind()}-${Math.floor(random() * 100_000)}.${EXTENSION[type]}`;
    const project = random() < DISTRIBUTION.projectShare ? `proj_${String(Math.floor(random() * DISTRIBUTION.projects)).padStart(3, '0')}` : null;
    rows.push({
      id: `job_seed${String(i).padStart(17, '0')}`,
      organization_id: organizationId(i % organizations),
      status: s,
      endpoint: endpoint(),
      model: model(),
      filenames: file,
      request: `{"document":{"filename":"${file}","url":"jobs-blob:sha256:${'0'.repeat(64)}#data%3Aapplication%2Fpdf%3Bbase64"}}`,
      metadata: `{"customer":"cust_${Math.floor(random() * DISTRIBUTION.customers)}","batch":"b${i % 500}"}`,
      created_at: createdAt,
      started_at: ran ? createdAt + 1 : null,
      completed_at: finished ? createdAt + 3 : null,
      expires_at: createdAt + 7 * 86_400,
      attempt_count: ran ? 1 : 0,
      max_attempts: 3,
      run_at: createdAt * 1000,
      last_attempt_at: ran ? createdAt + 1 : null,
      source: project ? 'project' : 'api',
      project_id: project,
      document_type: type,
      document_names: file,
    });
    if (rows.length === batch) {
      yield rows;
      rows = [];
    }
  }
  if (rows.length) yield rows;
}

interface SqliteLike {
  prepare(sql: string): { run(...params: unknown[]): unknown };
  transaction<F extends (...args: never[]) => unknown>(fn: F): F;
}

export function seedSqlite(db: SqliteLike, total: number, organizations: number, startS: number): void {
  const perStatement = 500;
  const one = `(${SEED_COLUMNS.map(() => '?').join(', ')})`;
  const sqlFor = (n: number) => `INSERT INTO jobs (${SEED_COLUMNS.join(', ')}) VALUES ${new Array(n).fill(one).join(', ')}`;
  const full = db.prepare(sqlFor(perStatement));
  const insertBatch = db.transaction((rows: SeedRow[]) => {
    for (let i = 0; i < rows.length; i += perStatement) {
      const chunk = rows.slice(i, i + perStatement);
      const params = chunk.flatMap((r) => SEED_COLUMNS.map((c) => r[c]));
      (chunk.length === perStatement ? full : db.prepare(sqlFor(chunk.length))).run(...params);
    }
  });
  for (const rows of generateRows(total, organizations, startS, 50_000)) insertBatch(rows as never);
}

const PG_TYPES: Record<(typeof SEED_COLUMNS)[number], string> = {
  id: 'text',
  organization_id: 'text',
  status: 'text',
  endpoint: 'text',
  model: 'text',
  filenames: 'text',
  request: 'text',
  metadata: 'text',
  created_at: 'bigint',
  started_at: 'bigint',
  completed_at: 'bigint',
  expires_at: 'bigint',
  attempt_count: 'int',
  max_attempts: 'int',
  run_at: 'bigint',
  last_attempt_at: 'bigint',
  source: 'text',
  project_id: 'text',
  document_type: 'text',
  document_names: 'text',
};

export async function seedPostgres(pool: pg.Pool, total: number, organizations: number, startS: number): Promise<void> {
  const client = await pool.connect();
  try {
    const select = SEED_COLUMNS.map((c) => (c === 'request' || c === 'metadata' ? `${c}::json` : c)).join(', ');
    const sql = `INSERT INTO jobs (${SEED_COLUMNS.join(', ')})
      SELECT ${select} FROM unnest(${SEED_COLUMNS.map((c, i) => `$${i + 1}::${PG_TYPES[c]}[]`).join(', ')}) AS t(${SEED_COLUMNS.join(', ')})`;
    for (const rows of generateRows(total, organizations, startS, 25_000)) {
      await client.query(
        sql,
        SEED_COLUMNS.map((c) => rows.map((r) => r[c])),
      );
    }
    // Autovacuum would analyze the table soon after such a load; the plans below assume it has.
    await client.query('ANALYZE jobs');
  } finally {
    client.release();
  }
}

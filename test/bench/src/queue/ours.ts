/**
 * Our queue: the job store and the worker of @jobs-api/server, no HTTP. The worker is the real one
 * (`startServer({ mode: 'worker' })`: claim batches, leases, renewals, maintenance, heartbeat) with
 * the parse handler replaced by a no-op; jobs are created with `store.insertJob` exactly as the
 * service stores them.
 *
 * Wake-ups as deployed: on SQLite (embedded) the creating process is the worker's process, and the
 * service's in-process `queued` event wakes it, so the producer emits it too. On PostgreSQL the
 * producer uses a store of its own (an API process elsewhere) and the worker hears of new jobs
 * through LISTEN/NOTIFY only.
 */
import { randomBytes } from 'node:crypto';
import { createStore, loadConfig, startServer, type JobStore, type RunningServer } from '@jobs-api/server';
import type { QueuePeer } from './peer.js';

type NewJob = Parameters<JobStore['insertJob']>[0];

const ORG = 'org_bench';
const orgOf = (key: number, organizations: number) => (organizations === 1 ? ORG : `${ORG}_${key % organizations}`);
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/** `job_` + 21 random characters of nanoid's alphabet, like the service's ids. */
export function benchJobId(): string {
  const bytes = randomBytes(21);
  let id = 'job_';
  for (const b of bytes) id += ALPHABET[b & 63];
  return id;
}

/** The stored form of a small parse job whose file name carries the bench's key. */
export function benchJob(key: number, organizationId = ORG, now = Date.now()): NewJob {
  const filename = `bench-${key}.txt`;
  return {
    id: benchJobId(),
    organizationId,
    endpoint: '/v1/documents/parse',
    request: { document: { filename, url: 'data:text/plain;base64,aGVsbG8=' } },
    metadata: {},
    model: null,
    filenames: [filename],
    status: 'queued',
    warnings: null,
    createdAt: now,
    expiresAt: now + 7 * 86_400_000,
    maxAttempts: 3,
    blobHashes: [],
  };
}

const PARSE_BODY = { document: { filename: 'bench.txt', mime_type: 'text/plain' }, usage: { page_count: 1, credits: 0 }, pages: ['hello'], text: 'hello' };

export interface OursOptions {
  engine: 'sqlite' | 'postgres';
  /** Required for PostgreSQL. */
  databaseUrl?: string;
  dataDir: string;
  concurrency: number;
  /** Jobs are spread over this many organizations (default 1). */
  organizations?: number;
}

export function oursPeer(opts: OursOptions): QueuePeer {
  const organizations = opts.organizations ?? 1;
  let server: RunningServer | undefined;
  let producer: JobStore | undefined;
  const settings = {
    env: {},
    logLevel: 'silent',
    dataDir: opts.dataDir,
    databaseUrl: opts.engine === 'postgres' ? opts.databaseUrl : undefined,
    workerConcurrency: opts.concurrency,
    // Peers have no per-organization cap; ours is switched off so every engine does the same work.
    orgMaxInFlight: 0,
  } as const;
  return {
    name: `ours (${opts.engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'}${organizations > 1 ? `, ${organizations} orgs` : ''})`,
    config:
      `startServer({mode:'worker'}) store+worker, workerConcurrency ${opts.concurrency}, orgMaxInFlight 0, pollIntervalMs 1000 (default), ` +
      (opts.engine === 'sqlite'
        ? 'SQLite WAL file; producer = same process, store.insertJob + in-process queued event (as the embedded service does)'
        : 'PostgreSQL pool 10; producer = a second store (own pool, as an API process), wake-up via LISTEN/NOTIFY'),
    async start(onStart) {
      server = await startServer({
        ...settings,
        mode: 'worker',
        endpointOverrides: {
          '/v1/documents/parse': {
            endpoint: '/v1/documents/parse',
            async handle(request) {
              onStart(Number(/bench-(\d+)\.txt/.exec(request.document.filename ?? '')?.[1]));
              return PARSE_BODY as never;
            },
          },
        },
      });
      producer = opts.engine === 'sqlite' ? server.store : await createStore({ ...loadConfig({}), ...settings }, { applicationName: 'jobs-bench producer' });
    },
    async create(key) {
      await producer!.insertJob(benchJob(key, orgOf(key, organizations)));
      if (opts.engine === 'sqlite') server!.events.emit('queued');
    },
    async drained() {
      for (let i = 0; i < organizations; i++) {
        if ((await producer!.countActiveJobs(orgOf(i, organizations))) > 0) return false;
      }
      return true;
    },
    async stop() {
      if (producer && producer !== server?.store) await producer.close();
      await server?.close(1000);
    },
  };
}

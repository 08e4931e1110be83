/**
 * graphile-worker as its README runs it: `run()` with a task list (LISTEN/NOTIFY wake-ups, its
 * default 2 s poll as the fallback), jobs added with WorkerUtils.addJob, in a fresh database
 * (its own `graphile_worker` schema, migrated by the library).
 */
import { Logger, makeWorkerUtils, run, type Runner, type WorkerUtils } from 'graphile-worker';
import pg from 'pg';
import type { QueuePeer } from './peer.js';

const silent = new Logger(() => () => undefined);

export function graphileWorkerPeer(opts: { databaseUrl: string; concurrency: number }): QueuePeer {
  let runner: Runner | undefined;
  let utils: WorkerUtils | undefined;
  // Our pools (graphile-worker's defaults: 10 for the runner), so that we end them ourselves and an
  // idle connection the database drop terminates is an event we handle, not a crash.
  let workerPool: pg.Pool | undefined;
  let producerPool: pg.Pool | undefined;
  return {
    name: 'graphile-worker 0.18.0',
    config: `run({concurrency: ${opts.concurrency}, pgPool of 10 (its default size), pollInterval 2000 ms (default)}), addJob() per job from WorkerUtils (own pool of 10)`,
    async start(onStart) {
      workerPool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 });
      producerPool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 });
      for (const pool of [workerPool, producerPool]) {
        pool.on('error', () => undefined);
        pool.on('connect', (client) => client.on('error', () => undefined));
      }
      utils = await makeWorkerUtils({ pgPool: producerPool, logger: silent });
      await utils.migrate();
      runner = await run({
        pgPool: workerPool,
        concurrency: opts.concurrency,
        noHandleSignals: true,
        logger: silent,
        taskList: {
          noop: async (payload) => {
            onStart((payload as { key: number }).key);
          },
        },
      });
    },
    async create(key) {
      await utils!.addJob('noop', { key });
    },
    async drained() {
      // Finished jobs are deleted; what is left is waiting or running.
      const n = await utils!.withPgClient(
        async (client) => (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM graphile_worker.jobs')).rows[0]!.n,
      );
      return n === 0;
    },
    async stop() {
      await runner?.stop();
      await utils?.release();
      await workerPool?.end();
      await producerPool?.end();
    },
  };
}

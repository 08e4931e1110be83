/**
 * graphile-worker as its README runs it: `run()` with a task list (LISTEN/NOTIFY wake-ups, its
 * default 2 s poll as the fallback), jobs added with WorkerUtils.addJob, in a fresh database
 * (its own `graphile_worker` schema, migrated by the library).
 */
import { Logger, makeWorkerUtils, run, type Runner, type WorkerUtils } from 'graphile-worker';
import type { QueuePeer } from './peer.js';

const silent = new Logger(() => () => undefined);

export function graphileWorkerPeer(opts: { databaseUrl: string; concurrency: number }): QueuePeer {
  let runner: Runner | undefined;
  let utils: WorkerUtils | undefined;
  return {
    name: 'graphile-worker 0.17.3',
    config: `run({concurrency: ${opts.concurrency}, maxPoolSize 10 (default), pollInterval 2000 ms (default)}), addJob() per job from WorkerUtils (own pool)`,
    async start(onStart) {
      utils = await makeWorkerUtils({ connectionString: opts.databaseUrl, logger: silent });
      await utils.migrate();
      runner = await run({
        connectionString: opts.databaseUrl,
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
      const n = await utils!.withPgClient(async (client) => (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM graphile_worker.jobs')).rows[0]!.n);
      return n === 0;
    },
    async stop() {
      await runner?.stop();
      await utils?.release();
    },
  };
}

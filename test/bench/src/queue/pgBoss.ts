/**
 * pg-boss 12 in a fresh database (its `pgboss` schema).
 *
 * Up to pg-boss 10 its `work()` loop slept the polling interval (0.5 s at least) after every fetch,
 * so a no-op queue through `work()` topped out at about 2 × batchSize jobs/s. To compare queue
 * engines rather than that sleep, this drives pg-boss's own fetch/complete the way our worker runs
 * (kept on pg-boss 12, whose `work()` can burst and take NOTIFY wake-ups, so the figures stay
 * comparable with the earlier runs in test/bench/README.md):
 * `concurrency` loops, each fetching one job and completing it, fetching again at once while jobs
 * come back and sleeping 0.5 s (pg-boss's minimum poll) when the queue is empty. pg-boss has no
 * LISTEN/NOTIFY wake-up: an idle worker finds a job at its next poll.
 */
import { PgBoss } from 'pg-boss';
import { sleep } from '../lib/stats.js';
import type { QueuePeer } from './peer.js';

const QUEUE = 'noop';
const POLL_MS = 500;

export function pgBossPeer(opts: { databaseUrl: string; concurrency: number }): QueuePeer {
  let boss: PgBoss | undefined;
  let stopping = false;
  let loops: Promise<void>[] = [];
  let created = 0;
  let completed = 0;
  return {
    name: 'pg-boss 12.38.1',
    config: `${opts.concurrency} loops of fetch(batchSize 1) → handler → complete(), ${POLL_MS} ms poll when empty; send() per job; pool max 10`,
    async start(onStart) {
      boss = new PgBoss({ connectionString: opts.databaseUrl, max: 10, schedule: false });
      // After stop() its pool may still report the connections the database drop terminates.
      boss.on('error', (error) => stopping || console.error(`pg-boss: ${error.message}`));
      await boss.start();
      await boss.createQueue(QUEUE);
      const loop = async () => {
        while (!stopping) {
          const jobs = await boss!.fetch<{ key: number }>(QUEUE, { batchSize: 1 });
          const job = jobs?.[0];
          if (!job) {
            await sleep(POLL_MS);
            continue;
          }
          onStart(job.data.key);
          await boss!.complete(QUEUE, job.id);
          completed++;
        }
      };
      loops = Array.from({ length: opts.concurrency }, loop);
    },
    async create(key) {
      await boss!.send(QUEUE, { key });
      created++;
    },
    async drained() {
      return completed >= created;
    },
    async stop() {
      stopping = true;
      await Promise.all(loops);
      // pg-boss 12's stop() resolves once it has stopped (10 needed `wait: true`).
      await boss?.stop({ graceful: false, timeout: 5000 });
    },
  };
}

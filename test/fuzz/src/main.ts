/**
 * `npm run test:fuzz`: the full fuzz run (100,000 requests by default) against a real server
 * process; prints its figures and exits 1 on any violation.
 *   --requests <n>   how many (default 100000)     --seed <n>   replay a run (default: random)
 *   --concurrency <n> requests in flight (default 8)   --max-rss-mib <n> RSS bound (default 1536)
 */
import { parseArgs } from 'node:util';
import { formatFigures, runFuzz, violations } from './run.js';
import { startFuzzServer } from './server.js';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '100000' },
    seed: { type: 'string' },
    concurrency: { type: 'string', default: '8' },
    'max-rss-mib': { type: 'string', default: '1536' },
  },
});
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
const maxRss = Number(values['max-rss-mib']);
const server = await startFuzzServer();
try {
  console.log(`fuzzing ${server.url} (pid ${server.pid}) with seed ${seed}`);
  const figures = await runFuzz(server, {
    seed,
    requests: Number(values.requests),
    concurrency: Number(values.concurrency),
    progressEvery: 10_000,
    onProblem: (line) => console.log(`  problem: ${line}`),
    onProgress: (done, f) =>
      console.log(`  ${done} requests: 5xx ${f.serverErrors}, outside spec ${f.outsideSpec}, resets ${f.connectionErrors}, RSS max ${f.rssMaxMiB} MiB`),
  });
  console.log(formatFigures(figures));
  const problems = violations(figures, maxRss);
  console.log(problems.length ? `FAILED:\n  ${problems.join('\n  ')}` : 'passed: every invariant held');
  process.exitCode = problems.length ? 1 : 0;
} finally {
  await server.stop();
}

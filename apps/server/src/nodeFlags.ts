/**
 * The Node.js flags the server is started with, wherever the repository starts it: the `jobs-api`
 * bin's shebang, the root `npm start` script, the README's `node apps/server/dist/main.js` commands
 * and the benchmarks (a test checks that they all carry these).
 *
 * `--max-semi-space-size=2` (MiB) keeps V8's young generation small. Node 24 lets it grow to 32 MiB
 * per semi-space and keeps it that size once a burst has grown it: 1,000 concurrent 5 MB creates
 * peaked at 426 MiB RSS with the default and 332 MiB with this flag, and an idle `jobs-api api`
 * started at 185 MiB against 145 MiB; creates and gets per second did not move beyond the noise
 * of the runs (test/bench/README.md). V8 reads the flag only when the process starts.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=2'];

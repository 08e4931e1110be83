#!/usr/bin/env -S node --max-semi-space-size=2
/**
 * The `jobs-api` command as npm links it (`npx jobs-api …` from the repository root). It works
 * right after `npm ci`, before anything is built: when `dist/` is missing or older than the
 * sources, it builds the server and what it depends on first (turbo, so a second run is a cache
 * hit), with the build's output on stderr so that `--json` output on stdout stays parseable.
 *
 * A committed file rather than `dist/main.js` as the bin: npm links bins at install time, when
 * `dist/` does not exist yet, and a build rewrites `dist/main.js` without its execute bit.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const serverDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(serverDir, '../..');
const main = join(serverDir, 'dist/main.js');

/** Newest modification time (ms) of any file under `dir` (0 when it does not exist). */
function newestMtime(dir) {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

// The server's own sources and the workspaces it imports at run time.
const sources = ['apps/server/src', 'packages/documents/src', 'packages/api-types/src', 'packages/api-types/generated', 'openapi', 'apps/dashboard/src'];

function needsBuild() {
  // The reference served at /docs and the dashboard at /dashboard are part of what `serve` needs.
  if (!existsSync(main) || !existsSync(join(repoRoot, 'apps/docs/dist/index.html')) || !existsSync(join(repoRoot, 'apps/dashboard/dist/index.html')))
    return true;
  const built = statSync(main).mtimeMs;
  return sources.some((dir) => newestMtime(join(repoRoot, dir)) > built);
}

if (needsBuild()) {
  const turbo = join(repoRoot, 'node_modules/.bin/turbo');
  if (!existsSync(turbo)) {
    console.error('jobs-api: the server is not built and turbo is missing: run `npm ci` in the repository first.');
    process.exit(1);
  }
  console.error('jobs-api: building the server (first run, or sources changed)…');
  const build = spawnSync(turbo, ['run', 'build', '--filter=@jobs-api/server...', '--filter=@jobs-api/dashboard...', '--output-logs=errors-only'], {
    cwd: repoRoot,
    stdio: ['ignore', process.stderr, process.stderr],
    env: { TURBO_TELEMETRY_DISABLED: '1', REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', ...process.env },
  });
  if (build.status !== 0) {
    console.error('jobs-api: the build failed (see above).');
    process.exit(build.status ?? 1);
  }
}

await import(pathToFileURL(main).href);

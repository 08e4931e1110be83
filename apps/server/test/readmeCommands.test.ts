/**
 * The commands the README tells a user to run, run as a user runs them: through npm from the
 * repository root. `npm start` must stop when its own PID gets SIGTERM or SIGINT (npm forwards the
 * signal to its child, so the script `exec`s node instead of leaving a shell in between that would
 * die and orphan the server), and the linked `jobs-api` bin must answer `--help`.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SERVER_NODE_FLAGS } from '../src/nodeFlags.js';
import { tempDir, waitFor } from './helpers.js';
import { spawnedProcesses } from './spawnedProcesses.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const SPAWN_DEADLINE_MS = 90_000;
const spawnLine = spawnedProcesses();

/** Runs `npm <args>` in the repository root; resolves with the URL its listening line names. */
const npmUntilListening = (args: string[], env: Record<string, string>) =>
  spawnLine('npm', args, { cwd: repoRoot, env, line: /Jobs API listening on (\S+)/, deadlineMs: SPAWN_DEADLINE_MS });

/** Whether anything still accepts connections at `url`. */
async function answers(url: string): Promise<boolean> {
  try {
    await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}

describe('README commands', { timeout: 200_000 }, () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('`npm start` stops on %s to the PID that was started', async (signal) => {
    const { child, url } = await npmUntilListening(['start'], { DATA_DIR: tempDir(), PORT: '0', JOBS_API_KEY: 'sk_readme_commands_test_key_0000000000' });
    expect(await answers(url)).toBe(true);
    child.kill(signal);
    await once(child, 'exit');
    await waitFor(
      () => answers(url),
      (up) => !up,
      30_000,
      `the server at ${url} to stop listening`,
    );
  });

  it('`npx jobs-api --help` lists the commands', async () => {
    const child = spawn('npx', ['jobs-api', '--help'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    for (const command of ['serve', 'api', 'worker', 'migrate', 'keys create', 'keys list', 'keys revoke']) expect(out).toContain(command);
  });

  it('every way the repository starts the server passes the Node flags of nodeFlags.ts', () => {
    const flags = SERVER_NODE_FLAGS.join(' ');
    const read = (path: string) => readFileSync(new URL(path, new URL('../../../', import.meta.url)), 'utf8');
    expect(read('apps/server/bin/jobs-api.mjs').split('\n')[0]).toBe(`#!/usr/bin/env -S node ${flags}`);
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.start).toContain(`node ${flags} apps/server/bin/jobs-api.mjs`);
    // Every `node … main.js` the README shows: a user copies these into a container or a unit file.
    const readmeCommands = [...read('README.md').matchAll(/node (.*?)apps\/server\/dist\/main\.js/g)];
    expect(readmeCommands.length).toBeGreaterThanOrEqual(4);
    for (const [command, before] of readmeCommands) expect(before, command).toBe(`${flags} `);
  });
});

/**
 * The commands the README tells a user to run, run as a user runs them: through npm from the
 * repository root. `npm start` must stop when its own PID gets SIGTERM or SIGINT (npm forwards the
 * signal to its child, so the script `exec`s node instead of leaving a shell in between that would
 * die and orphan the server), and the linked `jobs-api` bin must answer `--help`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir, waitFor } from './helpers.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const SPAWN_DEADLINE_MS = 90_000;
const children: ChildProcess[] = [];

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

/** Runs `npm <args>` in the repository root; resolves with the URL its listening line names. */
async function npmUntilListening(args: string[], env: Record<string, string>): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn('npm', args, { cwd: repoRoot, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const url = await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`npm ${args.join(' ')} exited early (${child.exitCode}):\n${out}`);
      return /Jobs API listening on (\S+)/.exec(out)?.[1];
    },
    (u) => u !== undefined,
    SPAWN_DEADLINE_MS,
    `the listening line of npm ${args.join(' ')}`,
  );
  return { child, url: url!, output: () => out };
}

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
});

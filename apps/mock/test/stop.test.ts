/**
 * `npm run mock` as the README says to run it, from the repository root: SIGTERM or SIGINT to the
 * PID that was started stops Prism too (the script `exec`s the launcher, which forwards the signal).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { PRISM_LISTENING } from '@jobs-api/test-helpers';
import { afterEach, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const children: ChildProcess[] = [];

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(`${url}/v1/jobs`, { signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}

async function until<T>(probe: () => Promise<T | undefined>, what: string, deadlineMs = 60_000): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('npm run mock', { timeout: 120_000 }, () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('stops Prism on %s to the PID that was started', async (signal) => {
    const child = spawn('npm', ['run', 'mock'], { cwd: repoRoot, env: { ...process.env, MOCK_PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const url = await until(async () => {
      if (child.exitCode !== null) throw new Error(`npm run mock exited early:\n${out}`);
      return PRISM_LISTENING.exec(out)?.[1];
    }, 'Prism to listen');
    expect(await answers(url)).toBe(true);
    child.kill(signal);
    await once(child, 'exit');
    await until(async () => ((await answers(url)) ? undefined : true), `Prism at ${url} to stop listening`, 30_000);
  });
});

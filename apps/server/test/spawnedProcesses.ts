/**
 * Processes a test spawns and drives by hand (signals, exit codes): started with LOG_LEVEL=warn,
 * waited for until they print a line, and SIGKILLed after the test if still running.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach } from 'vitest';
import { waitFor } from './helpers.js';

export interface Spawned {
  child: ChildProcess;
  /** The first group of the line waited for (a URL). */
  url: string;
  output: () => string;
}

export interface SpawnOptions {
  cwd?: string;
  /** Added to this process's environment. */
  env: Record<string, string>;
  /** The line to wait for; its first group is `url`. */
  line: RegExp;
  deadlineMs: number;
}

/** A spawn function for this test file; what it starts is killed after each test. */
export function spawnedProcesses(): (command: string, args: string[], options: SpawnOptions) => Promise<Spawned> {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  });
  return async (command, args, { cwd, env, line, deadlineMs }) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const what = `"${line}" from ${[command, ...args].join(' ')}`;
    const url = await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`${what}: the process exited early (${child.exitCode}):\n${out}`);
        return line.exec(out)?.[1];
      },
      (u) => u !== undefined,
      deadlineMs,
      what,
    );
    return { child, url: url!, output: () => out };
  };
}

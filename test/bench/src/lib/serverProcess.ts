/**
 * The server as operators run it: `node <SERVER_NODE_FLAGS> apps/server/dist/main.js <mode>` in a child process of its
 * own (so what it costs, CPU and memory, is its own, measurable in /proc/<pid>), with its output
 * going straight to a log file (the bench process does not pay for reading it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { SERVER_NODE_FLAGS } from '@jobs-api/server';
import { onCleanup, trackChild } from './cleanup.js';
import { sleep } from './stats.js';

const require = createRequire(import.meta.url);

/** apps/server/dist/main.js, found through the workspace dependency (built by `npm run bench`). */
export function serverMainPath(): string {
  return join(dirname(require.resolve('@jobs-api/server')), 'main.js');
}

export interface ChildServer {
  child: ChildProcess;
  pid: number;
  url: string;
  logFile: string;
  stop(): Promise<void>;
}

/**
 * Starts a child process running `command` and waits until its log shows `ready` (a regexp whose
 * first group is the URL). Killed on cleanup.
 */
export async function startChild(
  command: string,
  args: string[],
  opts: { env: NodeJS.ProcessEnv; logFile: string; ready: RegExp; what: string; timeoutMs?: number },
): Promise<ChildServer> {
  const fd = openSync(opts.logFile, 'w');
  const child = spawn(command, args, { env: opts.env, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  trackChild(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = onCleanup(`stop ${opts.what}`, async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killed = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
      if (!killed) {
        child.kill('SIGKILL');
        await exited;
      }
    }
  });
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  for (;;) {
    const log = readFileSync(opts.logFile, 'utf8');
    const match = opts.ready.exec(log);
    if (match) return { child, pid: child.pid!, url: match[1]!, logFile: opts.logFile, stop };
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`${opts.what} did not start (exit ${child.exitCode ?? child.signalCode}); its log ${opts.logFile}:\n${log.slice(-2000)}`);
    }
    await sleep(50);
  }
}

/** Starts `jobs-api <mode>` with `env` (PORT=0: the URL is read from its start-up line). */
export function startServerProcess(
  mode: 'serve' | 'api' | 'worker',
  env: Record<string, string>,
  logFile: string,
  nodeFlags: readonly string[] = SERVER_NODE_FLAGS,
): Promise<ChildServer> {
  return startChild(process.execPath, [...nodeFlags, serverMainPath(), mode], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      HOST: '127.0.0.1',
      PORT: '0',
      ...env,
    },
    logFile,
    ready: /Jobs API listening on (http:\/\/\S+)/,
    what: `jobs-api ${mode}`,
  });
}

/** VmRSS and VmHWM (peak RSS since start) of a process, in bytes, from /proc/<pid>/status. */
export function readRss(pid: number): { rss: number; hwm: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return undefined;
  }
}

/**
 * Child processes and polling for the tests that need a real server, Prism, npm or node.
 * Children run in their own process group so that stopping one stops whatever it started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

/** The environment for a child, without the `npm_*` variables the surrounding `npm test` set (they would make a nested npm act on this workspace). */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_')));
  return { ...env, ...extra };
}

/** A port nothing listens on right now (the OS picks it; the small race until the child binds it is accepted). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Calls `probe` until it returns a value other than `undefined`, or throws once `deadlineMs` has passed. */
export async function pollUntil<T>(probe: () => Promise<T | undefined>, { deadlineMs, intervalMs = 50, what }: { deadlineMs: number; intervalMs?: number; what: string }): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${deadlineMs} ms${lastError ? ` (last error: ${String(lastError)})` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** A long-running child (a server) that can be stopped with its whole process group. */
export interface Background {
  /** The process itself (its `exitCode` says whether it died early). */
  child: ChildProcess;
  /** Everything it printed so far. */
  output(): string;
  /** SIGTERM to the group, SIGKILL after 5 s; resolves when the child has exited. */
  stop(): Promise<void>;
}

/** Starts `command` in its own process group, collecting its output; stop it with `stop()`. */
export function startBackground(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Background {
  const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch {
      // ESRCH: already gone.
    }
  };
  // A test worker that dies without running afterAll must not leave the group behind.
  const killOnExit = () => killGroup('SIGKILL');
  process.once('exit', killOnExit);
  return {
    child,
    output: () => log,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = once(child, 'exit');
        killGroup('SIGTERM');
        const timer = setTimeout(() => killGroup('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      killGroup('SIGKILL');
      process.off('exit', killOnExit);
    },
  };
}

/** The outcome of a finished child process. */
export interface RunResult {
  /** The exit code; `null` when a signal ended it (e.g. the timeout). */
  code: number | null;
  /** Everything it printed to stdout. */
  stdout: string;
  /** Everything it printed to stderr. */
  stderr: string;
}

/** Runs a command to completion (killed after `timeoutMs`) and collects its output. */
export async function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<RunResult> {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? childEnv(), stdio: ['ignore', 'pipe', 'pipe'], timeout: options.timeoutMs ?? 60_000 });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stdout, stderr };
}

/** Throws with the child's output unless it exited 0. */
export function assertSucceeded(result: RunResult, what: string): RunResult {
  if (result.code !== 0) throw new Error(`${what} exited with ${result.code}\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`);
  return result;
}

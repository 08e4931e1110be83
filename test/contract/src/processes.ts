/**
 * Child processes the suite depends on (the mock launcher, `prism proxy`): started in their own
 * process group so that stopping kills the process and its children together, killed on the test
 * worker's exit too (a crash or timeout that skips afterAll), and waited for by a line they print
 * and by answering HTTP, each under a deadline.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';

export interface RunningProcess {
  /** The first capture group of `readyPattern` (e.g. the URL it listens on). */
  ready: string;
  /** Everything it printed so far (failure messages, and what Prism logged about violations). */
  output(): string;
  /** SIGTERM to the group, SIGKILL after 5 s or if anything is left; resolves once it exited. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartOptions {
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** A line that says it is ready; its first group is answered as `ready`. */
  readyPattern: RegExp;
  /** GET this path under `ready` until anything answers (any status) before resolving. */
  probePath?: string;
  deadlineMs?: number;
}

export async function startProcess({ command, args, env, readyPattern, probePath = '/', deadlineMs = 60_000 }: StartOptions): Promise<RunningProcess> {
  const child = spawn(command, args, { env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  const exited = once(child, 'exit');
  // A spawn error (e.g. ENOENT) rejects `exited` too; it is reported through the ready wait below.
  exited.catch(() => {});

  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch {
      // ESRCH: the group is already gone.
    }
  };
  const killOnExit = () => killGroup('SIGKILL');
  process.once('exit', killOnExit);
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        killGroup('SIGTERM');
        const timer = setTimeout(() => killGroup('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      // A child of the launcher may outlive it: make sure the group is empty.
      killGroup('SIGKILL');
      process.off('exit', killOnExit);
    })());

  const deadline = Date.now() + deadlineMs;
  try {
    const ready = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => finish(() => reject(new Error(`no line matching ${readyPattern} within ${deadlineMs} ms`))), deadlineMs);
      const check = () => {
        const match = readyPattern.exec(log);
        if (match) finish(() => resolve(match[1] ?? match[0]));
      };
      const onExit = (code: number | null, signal: string | null) => finish(() => reject(new Error(`exited before it was ready (code ${code}, signal ${signal})`)));
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        child.stdout.off('data', check);
        child.stderr.off('data', check);
        child.off('exit', onExit);
        settle();
      };
      child.stdout.on('data', check);
      child.stderr.on('data', check);
      child.once('exit', onExit);
      check();
    });
    for (let wait = 50; ; wait = Math.min(wait * 2, 500)) {
      try {
        await (await fetch(new URL(probePath, ready), { signal: AbortSignal.timeout(2_000) })).arrayBuffer();
        break;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`${ready} did not answer before the deadline: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
    return { ready: ready.replace(/\/$/, ''), output: () => log, stop };
  } catch (error) {
    await stop();
    throw new Error(`${command} ${args.join(' ')}: ${(error as Error).message}\n--- output (last 4000 characters) ---\n${log.slice(-4000)}`);
  }
}

/** Prism's start-up line, e.g. "Prism is listening on http://127.0.0.1:39391". */
export const PRISM_LISTENING = /Prism is listening on (http:\/\/\S+)/;

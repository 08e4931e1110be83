/**
 * Child processes a test suite depends on (the mock launcher, `prism mock`, `prism proxy`).
 *
 * Each runs in its own process group (`detached`) so that stopping it kills whatever it started
 * too (the launcher's Prism child), even if the process itself were stuck; an `exit` hook kills
 * the group as well, for a test worker that ends without running afterAll (crash, timeout). It is
 * waited for by the line it prints once it listens and then by answering HTTP, both under one
 * deadline.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';

/** Prism's start-up line, e.g. "Prism is listening on http://127.0.0.1:39391". */
export const PRISM_LISTENING = /Prism is listening on (http:\/\/\S+)/;

/** A started process that listens on a URL. */
export interface RunningProcess {
  /** The URL from its listening line, without a trailing slash, e.g. `http://127.0.0.1:39391`. */
  baseUrl: string;
  /** Everything it printed so far (failure messages, and what Prism logged about violations). */
  output(): string;
  /** SIGTERM to the group, SIGKILL after 5 s or if anything is left; resolves once it exited. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartOptions {
  command: string;
  args: string[];
  cwd?: string;
  /** The child's whole environment; this process's when absent. */
  env?: NodeJS.ProcessEnv;
  /** The line it prints once it listens; its first group (else the whole match) is the URL. */
  listeningLine: RegExp;
  /** GET this path under the URL until anything answers (any status) before resolving. */
  probePath?: string;
  /** For the listening line and the first answer together. */
  deadlineMs?: number;
}

/** Starts a process that listens on a URL; resolves once it answers HTTP there. */
export async function startProcess({
  command,
  args,
  cwd,
  env = process.env,
  listeningLine,
  probePath = '/',
  deadlineMs = 60_000,
}: StartOptions): Promise<RunningProcess> {
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  const exited = once(child, 'exit');
  // A spawn error (e.g. ENOENT) rejects `exited` too; it is reported through the listening wait below.
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
      // A child of the launcher (Prism) may outlive it if it ignored SIGTERM: make sure the group is empty.
      killGroup('SIGKILL');
      process.off('exit', killOnExit);
    })());

  const deadline = Date.now() + deadlineMs;
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => finish(() => reject(new Error(`no line matching ${listeningLine} within ${deadlineMs} ms`))), deadlineMs);
      const check = () => {
        const match = listeningLine.exec(log);
        if (match) finish(() => resolve(match[1] ?? match[0]));
      };
      const onExit = (code: number | null, signal: string | null) =>
        finish(() => reject(new Error(`exited before it was listening (code ${code}, signal ${signal})`)));
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
    // Any HTTP answer means it serves (Prism answers 404 on `/`).
    for (let wait = 50; ; wait = Math.min(wait * 2, 500)) {
      try {
        await (await fetch(new URL(probePath, url), { signal: AbortSignal.timeout(2_000) })).arrayBuffer();
        break;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`${url} did not answer before the deadline: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
    return { baseUrl: url.replace(/\/$/, ''), output: () => log, stop };
  } catch (error) {
    await stop();
    throw new Error(`${command} ${args.join(' ')}: ${(error as Error).message}\n--- output (last 4000 characters) ---\n${log.slice(-4000)}`);
  }
}

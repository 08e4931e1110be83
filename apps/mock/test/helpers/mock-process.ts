/**
 * Runs `src/start.mjs` (what `npm run mock` runs) on an OS-chosen port and stops it again.
 *
 * The launcher runs in its own process group (`detached`) so that stopping kills the launcher and
 * its Prism child together, even if the launcher were stuck. An `exit` hook kills the group too,
 * for a test worker that ends without running `afterAll` (crash, timeout).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const START_SCRIPT = fileURLToPath(new URL('../../src/start.mjs', import.meta.url));
/** Prism's start-up line, e.g. "Prism is listening on http://127.0.0.1:39391". */
const LISTENING = /Prism is listening on (http:\/\/[^\s]+)/;
/** Between two readiness probes: short, the whole wait is bounded by the deadline. */
const POLL_INTERVAL_MS = 100;

export interface RunningMock {
  /** e.g. `http://127.0.0.1:39391` (no trailing slash). */
  baseUrl: string;
  /** Stops the launcher and Prism; resolves once the launcher has exited. Safe to call twice. */
  stop(): Promise<void>;
  /** Everything the launcher and Prism printed so far (for failure messages). */
  output(): string;
}

export async function startMock({ startupDeadlineMs = 60_000 } = {}): Promise<RunningMock> {
  const child = spawn(process.execPath, [START_SCRIPT], {
    env: { ...process.env, MOCK_PORT: '0' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));

  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch {
      // ESRCH: the group is already gone.
    }
  };
  const killOnExit = () => killGroup('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      killGroup('SIGTERM');
      const exited = once(child, 'exit');
      const timer = setTimeout(() => killGroup('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    // Prism may outlive the launcher if it ignored SIGTERM: make sure the group is empty.
    killGroup('SIGKILL');
    process.off('exit', killOnExit);
  };

  const deadline = Date.now() + startupDeadlineMs;
  try {
    const baseUrl = await waitForListeningLine(child, () => log, deadline);
    await pollUntilAnswering(baseUrl, deadline);
    return { baseUrl, stop, output: () => log };
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- mock output (last 4000 characters) ---\n${log.slice(-4000)}`);
  }
}

/** Resolves with Prism's URL once it logs it; rejects if the launcher exits or the deadline passes. */
function waitForListeningLine(child: ChildProcess, log: () => string, deadline: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = LISTENING.exec(log());
      if (match?.[1]) finish(() => resolve(match[1]!.replace(/\/$/, '')));
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
      finish(() => reject(new Error(`the mock exited before listening (code ${code}, signal ${signal})`)));
    const timer = setTimeout(() => finish(() => reject(new Error(`the mock did not log its URL within the deadline`))), deadline - Date.now());
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      child.stdout?.off('data', check);
      child.stderr?.off('data', check);
      child.off('exit', onExit);
      settle();
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.once('exit', onExit);
    check();
  });
}

/** Any HTTP answer (Prism answers 404 on `/`) means the server is up. */
async function pollUntilAnswering(baseUrl: string, deadline: number): Promise<void> {
  for (;;) {
    try {
      await (await fetch(`${baseUrl}/`, { signal: AbortSignal.timeout(2_000) })).arrayBuffer();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`the mock at ${baseUrl} did not answer within the deadline: ${(error as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
    }
  }
}

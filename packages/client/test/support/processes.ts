/**
 * The environment for child processes, and commands run to completion (npm, node) by the README and
 * outside-the-workspace tests. A long-running child (the Prism mock) is started with
 * @jobs-api/test-helpers' `startProcess` instead.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';

/** The environment for a child, without the `npm_*` variables the surrounding `npm test` set (they would make a nested npm act on this workspace). */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_')));
  return { ...env, ...extra };
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
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? childEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: options.timeoutMs ?? 60_000,
  });
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

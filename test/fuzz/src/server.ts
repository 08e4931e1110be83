/**
 * The server under fuzzing: the real CLI (`jobs-api api`, SQLite and blobs in a fresh DATA_DIR) in
 * its own process, so a crash shows as an exit, its memory can be read from /proc, and the
 * requests' own memory is not counted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
// The package exports only its index (dist/index.js); main.js sits beside it.
const MAIN = join(dirname(require.resolve('@jobs-api/server')), 'main.js');

export const FUZZ_API_KEY = 'sk_test_fuzz_suite_key_000001';

export interface FuzzServer {
  url: string;
  dataDir: string;
  pid: number;
  /** Set once the process exited (a crash, unless stop() was called). */
  exited(): { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** Resident memory now, in bytes (VmRSS). */
  rssBytes(): number;
  output(): string;
  stop(): Promise<void>;
}

export async function startFuzzServer(env: Record<string, string> = {}): Promise<FuzzServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'jobs-api-fuzz-'));
  const child: ChildProcess = spawn(process.execPath, [MAIN, 'api'], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      JOBS_API_KEY: FUZZ_API_KEY,
      LOG_LEVEL: 'fatal',
      // Rate limiting is not what this suite is about: it would turn the load into 429s.
      RATE_LIMIT_RPS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.on('exit', (code, signal) => (exit = { code, signal }));
  const url = await new Promise<string>((resolve, reject) => {
    const deadline = setTimeout(() => reject(new Error(`the server did not start within 60 s:\n${text}`)), 60_000);
    const look = () => {
      const match = /listening on (http:\/\/\S+)/.exec(text);
      if (match) {
        clearTimeout(deadline);
        resolve(match[1]!);
      } else if (exit) {
        clearTimeout(deadline);
        reject(new Error(`the server exited at start:\n${text}`));
      }
    };
    child.stdout!.on('data', look);
    child.on('exit', look);
  });
  return {
    url,
    dataDir,
    pid: child.pid!,
    exited: () => exit,
    rssBytes() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? 0) * 1024;
    },
    output: () => text,
    async stop() {
      if (!exit) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

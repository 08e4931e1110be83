/**
 * A real Jobs API server for the integration, README and outside-the-workspace tests:
 * `startServer` from @jobs-api/server on an ephemeral port with a fresh temporary data directory.
 *
 * While the server package is being built, importing it may fail; then `serverUnavailable` says
 * why, and the tests that need a server are skipped with that message (visible in the run's
 * output). A server that imports but fails to start fails the tests instead.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * `startServer`'s contract, as agreed with apps/server: `dataDir`, `port`, `apiKey`. `mode: 'api'`
 * (no worker, so jobs stay queued) and `logLevel` are options of the server as built.
 */
type StartServer = (options: { dataDir: string; port: number; apiKey: string } & StartOptions) => Promise<{ url: string; close(): Promise<void> }>;

/** Extra server options some tests need. */
export interface StartOptions {
  /** `'api'`: HTTP only, no worker in the process; created jobs stay queued (202 `dispatch_delayed`). */
  mode?: 'serve' | 'api';
  /** pino level; `warn` by default so the test output shows problems, not every request. */
  logLevel?: string;
}

/** A running server and what a client needs to reach it. */
export interface TestServer {
  /** e.g. `http://127.0.0.1:41235` */
  url: string;
  /** The key registered for the default organization. */
  apiKey: string;
  /** The server's fresh temporary data directory (SQLite and blobs). */
  dataDir: string;
  /** Stops the server and deletes its data directory. */
  close(): Promise<void>;
}

// A variable specifier keeps tsc from resolving the module: its types may not be built yet, and
// these tests must still type-check (and skip) then.
const SERVER_MODULE: string = '@jobs-api/server';

async function loadStartServer(): Promise<StartServer | string> {
  try {
    const module = (await import(SERVER_MODULE)) as { startServer?: unknown };
    if (typeof module.startServer !== 'function') return `${SERVER_MODULE} does not export startServer yet`;
    return module.startServer as StartServer;
  } catch (error) {
    return `cannot import ${SERVER_MODULE} (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); build it with \`npm run build -w @jobs-api/server\``;
  }
}

const loaded = await loadStartServer();

/** Why no server can be started (`undefined` when one can). */
export const serverUnavailable: string | undefined = typeof loaded === 'string' ? loaded : undefined;
if (serverUnavailable) console.warn(`[client tests] SKIPPING tests against a real server: ${serverUnavailable}`);

/** Starts a server on an ephemeral port, with a fresh data directory and a random key. */
export async function startTestServer(options: StartOptions = {}): Promise<TestServer> {
  if (typeof loaded === 'string') throw new Error(loaded);
  const dataDir = await mkdtemp(join(tmpdir(), 'jobs-client-test-'));
  const apiKey = `sk_test_${randomBytes(12).toString('hex')}`;
  try {
    const server = await loaded({ logLevel: 'warn', ...options, dataDir, port: 0, apiKey });
    return {
      url: server.url.replace(/\/$/, ''),
      apiKey,
      dataDir,
      async close() {
        await server.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** A `data:` URL of UTF-8 text, as the examples build them. */
export function textDataUrl(text: string): string {
  return `data:text/plain;base64,${Buffer.from(text, 'utf8').toString('base64')}`;
}

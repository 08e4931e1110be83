/**
 * Serves apps/docs/dist under /docs/ on an OS-chosen port, the way the API server mounts it, so
 * the test also proves the site works below a base path (every link must be relative).
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

export const BASE_PATH = '/docs/';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.yaml': 'application/yaml',
};

export interface StaticServer {
  /** e.g. `http://127.0.0.1:39391/docs/` */
  url: string;
  close(): Promise<void>;
}

export async function serveDirectory(root: string): Promise<StaticServer> {
  const server: Server = createServer((request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    if (pathname === BASE_PATH.slice(0, -1)) {
      response.writeHead(301, { location: BASE_PATH }).end();
      return;
    }
    const relative = pathname.startsWith(BASE_PATH) ? decodeURIComponent(pathname.slice(BASE_PATH.length)) || 'index.html' : undefined;
    const file = relative === undefined ? undefined : normalize(join(root, relative));
    if (!file || !file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${BASE_PATH}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

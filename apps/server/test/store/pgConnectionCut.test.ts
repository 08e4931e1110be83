/**
 * A PostgreSQL connection cut in the very chunk that opens it must not kill the process. A real
 * server cannot be made to put ReadyForQuery and a FATAL ErrorResponse in one TCP write on cue,
 * so this loopback server speaks just enough of the protocol to do exactly that: it accepts any
 * startup message, then answers AuthenticationOk, ReadyForQuery and "terminating connection due
 * to administrator command" (57P01, what pg_terminate_backend sends) at once.
 */
import { once } from 'node:events';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDatabase, createPool, isConnectionError } from '../../src/store/postgres/db.js';

/** One backend message: a type byte, then its length (itself included) and body. */
function message(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

const fields = (pairs: Array<[string, string]>) => Buffer.concat([...pairs.map(([code, text]) => Buffer.from(`${code}${text}\0`, 'utf8')), Buffer.from([0])]);

const OPEN_THEN_CUT = Buffer.concat([
  message('R', Buffer.from([0, 0, 0, 0])), // AuthenticationOk
  message('Z', Buffer.from('I', 'latin1')), // ReadyForQuery, idle
  message(
    'E',
    fields([
      ['S', 'FATAL'],
      ['V', 'FATAL'],
      ['C', '57P01'],
      ['M', 'terminating connection due to administrator command'],
    ]),
  ),
]);

const sockets = new Set<Socket>();
const server = createServer((socket) => {
  sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
  socket.on('error', () => undefined);
  // The startup message (and an SSL request, which pg does not send unless asked) is read and ignored.
  socket.once('data', () => socket.end(OPEN_THEN_CUT));
});
let url = '';

beforeAll(async () => {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `postgres://postgres@127.0.0.1:${(server.address() as AddressInfo).port}/test`;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  server.close();
});

it('a connection terminated in the chunk that opens it fails the query as a lost connection, and the process lives', async () => {
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => uncaught.push(error);
  process.on('uncaughtException', onUncaught);
  const pool = createPool({ url, applicationName: 'connection cut test', max: 2 });
  try {
    const error = await createDatabase(pool)
      .query('SELECT 1')
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeDefined();
    expect(isConnectionError(error)).toBe(true);
    expect(uncaught).toEqual([]);
  } finally {
    process.off('uncaughtException', onUncaught);
    await pool.end();
  }
});

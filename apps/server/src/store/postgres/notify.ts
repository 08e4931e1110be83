/**
 * Cross-process wake-ups with LISTEN/NOTIFY. The statements that make jobs claimable (insert,
 * retry, a release or requeue) or cancel one call `pg_notify` inside their own transaction, so the
 * notification is delivered on commit, never for a change that rolled back, and never before the
 * change is visible to the worker it wakes.
 *
 * Channels (database-wide, like every NOTIFY channel):
 *   jobs_api_queued     payload ''        jobs may be claimable: idle workers claim now
 *   jobs_api_cancelled  payload job id    a worker running that job aborts it now
 *   jobs_api_events     payload job id    the job has a new event: its open streams read on
 *
 * Notifications are a latency optimisation only. A worker still polls, and lease renewal still
 * discovers a cancelled job, so a notification missed while the LISTEN connection was down costs
 * latency, never work. After a reconnect the listener reports `queued` once, so whatever was
 * inserted while it was deaf is claimed at once rather than at the next poll.
 */
import type pg from 'pg';
import type { JobStoreWatchHandlers } from '../../interfaces.js';
import { isConnectionError } from './db.js';

export const CHANNELS = Object.freeze({
  queued: 'jobs_api_queued',
  cancelled: 'jobs_api_cancelled',
  // Sent by the jobs_record_event trigger (050 migration) with every stored event; payload: the job id.
  events: 'jobs_api_events',
});

/** `SELECT pg_notify(...)` for the queued channel (run inside the transaction that queued jobs). */
export const NOTIFY_QUEUED = `SELECT pg_notify('${CHANNELS.queued}', '')`;
/** `SELECT pg_notify(...)` for the cancelled channel; $1 is the job id. */
export const NOTIFY_CANCELLED = `SELECT pg_notify('${CHANNELS.cancelled}', $1)`;

export interface ListenerOptions {
  /** A new, unconnected client for the dedicated LISTEN connection (not from the pool: it is held for good). */
  newClient(): pg.Client;
  /** The connection was lost or a reconnect failed (for logging); the listener keeps trying. */
  onError?(error: Error): void;
  /** Pauses between reconnect attempts: doubling from the first to the last value. */
  reconnectDelaysMs?: { first: number; max: number };
}

/**
 * Listens on both channels until the answered function is called. Resolves once the first LISTEN
 * is in place (rejects if that keeps failing: the caller learns at start-up that the database is
 * unreachable). Afterwards a lost connection is re-established forever, with backoff.
 */
export async function listenForJobEvents(handlers: JobStoreWatchHandlers, options: ListenerOptions): Promise<() => Promise<void>> {
  const { first = 50, max = 5000 } = options.reconnectDelaysMs ?? {};
  let current: pg.Client | undefined;
  let stopped = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let delay = first;
  let connecting: Promise<void> | undefined;

  const onNotification = (message: pg.Notification) => {
    if (message.channel === CHANNELS.queued) handlers.queued();
    else if (message.channel === CHANNELS.cancelled && message.payload) handlers.cancelled(message.payload);
    else if (message.channel === CHANNELS.events && message.payload) handlers.jobEvent?.(message.payload);
  };

  async function connect(): Promise<void> {
    const client = options.newClient();
    // The 'error' listener stays for the client's lifetime: an error event without one would crash
    // the process, and a dead client can still emit one while it is being discarded.
    client.on('error', (error) => lost(client, error));
    client.on('end', () => lost(client, new Error('LISTEN connection ended')));
    client.on('notification', onNotification);
    try {
      await client.connect();
      // Only a watch that wants job events listens to them (one per status change: workers need not).
      await client.query(`LISTEN ${CHANNELS.queued}; LISTEN ${CHANNELS.cancelled}${handlers.jobEvent ? `; LISTEN ${CHANNELS.events}` : ''}`);
    } catch (error) {
      // Its 'end'/'error' events are ignored by lost(): it never became `current`.
      await client.end().catch(() => undefined);
      throw error;
    }
    if (stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    current = client;
  }

  function lost(client: pg.Client, error: Error): void {
    if (client !== current) return;
    current = undefined;
    client.removeListener('notification', onNotification);
    client.end().catch(() => undefined);
    if (stopped) return;
    options.onError?.(error);
    scheduleReconnect();
  }

  function scheduleReconnect(): void {
    if (stopped || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      connecting = connect();
      connecting.then(
        () => {
          delay = first;
          // Deaf while disconnected: anything queued meanwhile is claimable now.
          if (!stopped) handlers.queued();
        },
        (error: unknown) => {
          options.onError?.(error as Error);
          delay = Math.min(delay * 2, max);
          // Only a lost/refused connection is worth retrying; anything else (bad credentials)
          // is retried too but at the slowest pace, so a misconfiguration is not a busy loop.
          if (!isConnectionError(error)) delay = max;
          scheduleReconnect();
        },
      );
    }, delay);
    // The poll loop keeps a worker alive; a pending reconnect alone must not.
    retryTimer.unref();
  }

  // The first LISTEN is retried briefly on a lost connection (a database restarting, a connection
  // cut while this process starts) before the caller is told.
  for (let attempt = 1; ; attempt++) {
    try {
      await connect();
      break;
    } catch (error) {
      if (attempt >= 4 || !isConnectionError(error)) throw error;
      options.onError?.(error as Error);
      await new Promise((resolve) => setTimeout(resolve, first * 2 ** attempt));
    }
  }
  return async () => {
    stopped = true;
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = undefined;
    // A reconnect in flight ends its own client once it sees `stopped`; wait for that.
    await connecting?.catch(() => undefined);
    const client = current;
    current = undefined;
    if (client) {
      client.removeListener('notification', onNotification);
      await client.end().catch(() => undefined);
    }
  };
}

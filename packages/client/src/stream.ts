/**
 * `jobs.stream(id)`: the job's Server-Sent Events (`GET /v1/jobs/{job_id}/events`) as an async
 * iterator of typed {@link Event}s. A dropped connection is resumed with `Last-Event-ID` (the id of
 * the last event received), so the iterator neither repeats nor skips an event; it ends after the
 * job's terminal event. The stream bypasses the retrying transport (which buffers whole answers)
 * and sends with the client's fetch directly.
 */
import type { Event } from '@jobs-api/api-types';
import { abortReason, sleep } from './abort.js';
import { ConnectionError, errorFromResponse } from './errors.js';
import type { FetchLike } from './transport.js';
import type { StreamJobOptions } from './types.js';

/** What the stream needs from the client. */
export interface StreamContext {
  baseUrl: string;
  fetch: FetchLike;
  headers: Record<string, string>;
}

const TERMINAL_EVENT_TYPES: readonly string[] = ['job.completed', 'job.failed', 'job.cancelled', 'job.expired'];
/** Pauses between reconnects: doubling from 250 ms to 5 s (reset by every event received). */
const RECONNECT_FIRST_MS = 250;
const RECONNECT_MAX_MS = 5_000;

interface Frame {
  id?: string;
  event?: string;
  data: string[];
}

/** Splits an SSE byte stream into frames (blank-line separated; comment lines such as heartbeats skipped). */
async function* frames(body: ReadableStream<Uint8Array>): AsyncGenerator<Frame> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let frame: Frame = { data: [] };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let newline: number;
      while ((newline = buffer.search(/\r?\n/)) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(buffer[newline] === '\r' ? newline + 2 : newline + 1);
        if (line === '') {
          if (frame.data.length || frame.event) yield frame;
          frame = { data: [] };
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'id') frame.id = value;
        else if (field === 'event') frame.event = value;
        else if (field === 'data') frame.data.push(value);
      }
    }
  } finally {
    reader.releaseLock();
  }
}

export async function* streamJobEvents(context: StreamContext, jobId: string, options: StreamJobOptions = {}): AsyncGenerator<Event, void, undefined> {
  const { signal } = options;
  let lastEventId = options.lastEventId;
  let delay = RECONNECT_FIRST_MS;
  for (;;) {
    if (signal?.aborted) throw abortReason(signal);
    let response: Response;
    try {
      const headers: Record<string, string> = { ...context.headers, ...options.headers, Accept: 'text/event-stream' };
      if (lastEventId !== undefined) headers['Last-Event-ID'] = lastEventId;
      response = await context.fetch(new Request(`${context.baseUrl.replace(/\/$/, '')}/v1/jobs/${encodeURIComponent(jobId)}/events`, { headers, signal }));
    } catch (error) {
      if (signal?.aborted) throw abortReason(signal);
      // Not answered at all: the server or the network is down for now; try again.
      await sleep(delay, signal);
      delay = Math.min(delay * 2, RECONNECT_MAX_MS);
      continue;
    }
    if (!response.ok) {
      const text = await response.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON
      }
      // 5xx and 429 are passing; anything else (404, 401, 400) will not change by retrying.
      if (response.status < 500 && response.status !== 429) throw errorFromResponse(response, body);
      await sleep(delay, signal);
      delay = Math.min(delay * 2, RECONNECT_MAX_MS);
      continue;
    }
    if (!response.body) throw new ConnectionError({ code: 'empty_response', message: 'The event stream answered without a body.' });
    try {
      for await (const frame of frames(response.body)) {
        if (frame.data.length === 0) continue;
        const event = JSON.parse(frame.data.join('\n')) as Event;
        if (frame.id !== undefined) lastEventId = frame.id;
        delay = RECONNECT_FIRST_MS;
        yield event;
        if (TERMINAL_EVENT_TYPES.includes(event.type)) return;
      }
    } catch (error) {
      if (signal?.aborted) throw abortReason(signal);
      if (error instanceof SyntaxError) throw error;
      // The connection dropped mid-stream: resume after the last event received.
    }
    // The server closed without a terminal event (a restart, a proxy's idle cut): resume.
    await sleep(delay, signal);
    delay = Math.min(delay * 2, RECONNECT_MAX_MS);
  }
}

/**
 * The worker's explicit lifecycle: created → starting → running → draining → stopped, one way.
 */
import { describe, expect, it } from 'vitest';
import { startTestServer } from './helpers.js';

describe('worker modes', () => {
  it('runs while serving, drains and stops on close, and cannot be started again', async () => {
    const server = await startTestServer();
    const worker = server.worker!;
    expect(worker.mode).toBe('running');
    await worker.start(); // already running: nothing happens
    expect(worker.mode).toBe('running');
    const stopping = worker.stop(0);
    expect(worker.mode).toBe('draining');
    expect(await worker.claimOnce()).toBe(0); // no claims once draining
    await stopping;
    expect(worker.mode).toBe('stopped');
    await expect(worker.start()).rejects.toThrow(/cannot go from stopped to starting/);
    await server.stop();
  });
});

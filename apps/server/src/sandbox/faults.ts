/**
 * Test-only fault injection, active only when the server was started with `ENGINE_TEST_FAULT_DIR`
 * (never set in production; the tests use it to crash or stall a real sandbox on demand):
 *   <dir>/abort-next   removed by the first call that sees it, which then aborts its sandbox
 *                      (a native crash: SIGABRT) — one transient crash
 *   <dir>/busy-ms      the number of milliseconds each call spins on the CPU before it runs
 *                      (a synchronous step that never yields)
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export function injectFaults(dir: string | undefined): void {
  if (!dir) return;
  try {
    rmSync(join(dir, 'abort-next'));
    process.abort();
  } catch {
    // No such file: no crash requested.
  }
  let busyMs = 0;
  try {
    busyMs = Number(readFileSync(join(dir, 'busy-ms'), 'utf8'));
  } catch {
    return;
  }
  // A test fault spinning the CPU: monotonic time, not the domain's clock.
  const until = performance.now() + busyMs;
  while (performance.now() < until) {
    // Spin: a step that does not yield to the event loop.
  }
}

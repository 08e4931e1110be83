/**
 * A pool of engine sandboxes: child processes (sandbox/main.ts), each running one engine call at a
 * time. A sandbox that crashes (abort, segfault, V8 out-of-memory), grows past its memory cap or
 * overruns the step deadline is killed and replaced; only the call it was running fails.
 *
 * Why our own pool on `child_process.fork` rather than workerpool or tinypool (both checked): the
 * pool must (1) answer a cancel within a second by asking the call to stop and killing its
 * process when it does not yield, per call; (2) watch each process's resident memory, which
 * `--max-old-space-size` does not bound (canvas pixels and tesseract's wasm heap live outside the
 * V8 heap); (3) tell why a process died (cancelled, step deadline, memory, crash, out-of-memory)
 * for the job's error and the metrics. workerpool's process mode kills on cancel but offers no
 * per-process hook for (2) or (3); tinypool's child_process runtime has neither. The pool itself
 * is a queue and a list of processes; the rest is those three rules.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { context, trace } from '@opentelemetry/api';
import { exportSandboxSpan, inSpan, jobIdOf, SpanKind, tracingEnabled } from '../observability/tracing.js';
import type { CallTrace, ChildMessage, ParentMessage, SandboxFile, SandboxInit, SandboxMethod } from './protocol.js';
import { SandboxLostError, sandboxError, type KillCause } from './errors.js';

export interface EnginePoolOptions {
  /** Sandboxes at most (`ENGINE_WORKERS`). */
  size: number;
  /** V8 heap cap of each sandbox, MB (`--max-old-space-size`). */
  heapMb: number;
  /** Resident memory cap of each sandbox, MB, enforced by the watchdog. */
  rssLimitMb: number;
  /** A call running longer than this is killed with its sandbox. */
  stepTimeoutMs: number;
  init: SandboxInit;
  logger: Logger;
  /** Told about every sandbox killed or lost, and every replacement started (metrics). */
  onKill?(cause: KillCause): void;
  onRestart?(): void;
}

export interface EnginePoolStats {
  size: number;
  live: number;
  busy: number;
  queued: number;
}

export interface EnginePool {
  /**
   * Starts every sandbox now rather than on the first call; resolves once they are all ready (a
   * dedicated worker process calls it before it claims jobs: see `startServer`).
   */
  prestart(): Promise<void>;
  run<T>(method: SandboxMethod, args: unknown[], files: SandboxFile[], signal: AbortSignal): Promise<T>;
  stats(): EnginePoolStats;
  close(): Promise<void>;
}

/** After asking a call to stop, how long its sandbox may take before it is killed (cancel answers within 1 s). */
const ABORT_GRACE_MS = 250;
/** How often resident memory is read: a runaway allocation grows ~1 GB/s at worst, so the cap holds within ~250 MB. */
const WATCHDOG_INTERVAL_MS = 250;
const PAGE_SIZE = 4096;

interface Task {
  id: number;
  method: SandboxMethod;
  args: unknown[];
  files: SandboxFile[];
  signal: AbortSignal;
  trace: CallTrace | undefined;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  settled: boolean;
}

interface Sandbox {
  process: ChildProcess;
  ready: boolean;
  task: Task | undefined;
  /** Set when we decided to end it: the exit is then ours, not a crash. */
  killedFor: KillCause | undefined;
  deadline: NodeJS.Timeout | undefined;
  stderrTail: string;
}

/** The sandbox entry next to this module: the compiled .js, or the .ts source under the test runner (run by tsx). */
function sandboxEntry(): { path: string; execArgv: string[] } {
  const self = fileURLToPath(import.meta.url);
  if (self.endsWith('.ts')) return { path: fileURLToPath(new URL('./main.ts', import.meta.url)), execArgv: ['--import', 'tsx'] };
  return { path: fileURLToPath(new URL('./main.js', import.meta.url)), execArgv: [] };
}

/** Resident set size of a process in bytes (Linux /proc); undefined where it cannot be read. */
function residentBytes(pid: number): number | undefined {
  try {
    const pages = Number(readFileSync(`/proc/${pid}/statm`, 'latin1').split(' ')[1]);
    return Number.isFinite(pages) ? pages * PAGE_SIZE : undefined;
  } catch {
    return undefined;
  }
}

export function createEnginePool(options: EnginePoolOptions): EnginePool {
  const { logger } = options;
  const entry = sandboxEntry();
  const sandboxes = new Set<Sandbox>();
  const queue: Task[] = [];
  let nextId = 1;
  let closed = false;
  /** Sandboxes that ended and have not been replaced yet: the next start is a restart. */
  let toReplace = 0;
  /** Told when a sandbox becomes ready or dies while starting (`prestart` waits on these). */
  const startWaiters = new Set<() => void>();

  const watchdog = setInterval(() => {
    const limit = options.rssLimitMb * 1024 * 1024;
    for (const sandbox of sandboxes) {
      const rss = sandbox.process.pid === undefined ? undefined : residentBytes(sandbox.process.pid);
      if (rss !== undefined && rss > limit) {
        logger.warn({ pid: sandbox.process.pid, rss_mb: Math.round(rss / 1048576), limit_mb: options.rssLimitMb }, 'sandbox over its memory cap: killed');
        kill(sandbox, 'memory');
      }
    }
  }, WATCHDOG_INTERVAL_MS).unref();

  function spawnSandbox(): Sandbox {
    const child = fork(entry.path, [], {
      execArgv: [...entry.execArgv, `--max-old-space-size=${options.heapMb}`],
      env: { ...process.env, JOBS_API_SANDBOX_INIT: JSON.stringify(options.init) },
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    const sandbox: Sandbox = { process: child, ready: false, task: undefined, killedFor: undefined, deadline: undefined, stderrTail: '' };
    sandboxes.add(sandbox);
    if (toReplace > 0) {
      toReplace -= 1;
      options.onRestart?.();
    }
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      sandbox.stderrTail = (sandbox.stderrTail + chunk).slice(-4096);
    });
    child.on('message', (message: ChildMessage) => onMessage(sandbox, message));
    child.on('error', (error) => logger.warn({ err: error }, 'sandbox process error'));
    child.on('exit', (code, signal) => onExit(sandbox, code, signal));
    return sandbox;
  }

  function onMessage(sandbox: Sandbox, message: ChildMessage): void {
    if (message.type === 'span') {
      exportSandboxSpan(message.span);
      return;
    }
    if (message.type === 'ready') {
      sandbox.ready = true;
      for (const wake of startWaiters) wake();
      dispatch();
      return;
    }
    const task = sandbox.task;
    if (!task || task.id !== message.id) return;
    clearTimeout(sandbox.deadline);
    sandbox.task = undefined;
    if (message.ok) settle(task, () => task.resolve(message.value));
    else settle(task, () => task.reject(sandboxError(message.error)));
    dispatch();
  }

  function onExit(sandbox: Sandbox, code: number | null, signal: NodeJS.Signals | null): void {
    sandboxes.delete(sandbox);
    if (!closed) toReplace += 1;
    clearTimeout(sandbox.deadline);
    let cause = sandbox.killedFor;
    if (!cause) {
      cause = /heap out of memory|Reached heap limit/i.test(sandbox.stderrTail) ? 'out_of_memory' : 'crashed';
      if (!closed) {
        logger.warn({ pid: sandbox.process.pid, code, signal, cause, stderr: sandbox.stderrTail.slice(-1024) }, 'sandbox died');
        options.onKill?.(cause);
      }
    }
    const task = sandbox.task;
    sandbox.task = undefined;
    if (task) settle(task, () => task.reject(new SandboxLostError(cause)));
    for (const wake of startWaiters) wake();
    if (!sandbox.ready && !sandbox.killedFor && !closed) {
      // It died while starting, before any document reached it: the installation is broken. The
      // calls waiting for it fail (500) rather than wait for a sandbox that can never start.
      const error = new Error(`the engine sandbox could not start (exit ${code ?? signal}): ${sandbox.stderrTail.slice(-512)}`);
      for (const waiting of queue.splice(0)) settle(waiting, () => waiting.reject(error));
      return;
    }
    dispatch();
  }

  function kill(sandbox: Sandbox, cause: KillCause): void {
    if (sandbox.killedFor) return;
    sandbox.killedFor = cause;
    options.onKill?.(cause);
    sandbox.process.kill('SIGKILL');
  }

  function settle(task: Task, action: () => void): void {
    if (task.settled) return;
    task.settled = true;
    task.signal.removeEventListener('abort', abortListeners.get(task)!);
    abortListeners.delete(task);
    action();
  }

  const abortListeners = new Map<Task, () => void>();

  function onAbort(task: Task): void {
    const queued = queue.indexOf(task);
    if (queued !== -1) queue.splice(queued, 1);
    settle(task, () => task.reject(task.signal.reason));
    const sandbox = [...sandboxes].find((s) => s.task === task);
    if (!sandbox) return;
    // Ask the call to stop; a step that does not yield (a long synchronous parse) is killed.
    const message: ParentMessage = { type: 'abort', id: task.id };
    sandbox.process.send(message, () => undefined);
    const grace = setTimeout(() => {
      if (sandbox.task === task) kill(sandbox, 'cancelled');
    }, ABORT_GRACE_MS);
    grace.unref();
  }

  function dispatch(): void {
    while (queue.length > 0 && !closed) {
      const idle = [...sandboxes].find((s) => s.ready && !s.task && !s.killedFor);
      if (!idle) {
        const starting = [...sandboxes].filter((s) => !s.ready && !s.killedFor).length;
        const live = [...sandboxes].filter((s) => !s.killedFor).length;
        // Start one more sandbox per waiting call that no starting sandbox will take.
        if (live < options.size && starting < queue.length) {
          spawnSandbox();
          continue;
        }
        return;
      }
      const task = queue.shift()!;
      idle.task = task;
      idle.deadline = setTimeout(() => {
        if (idle.task === task) {
          logger.warn({ pid: idle.process.pid, method: task.method, timeout_ms: options.stepTimeoutMs }, 'engine call over the step deadline: sandbox killed');
          kill(idle, 'step_timeout');
        }
      }, options.stepTimeoutMs);
      const message: ParentMessage = { type: 'call', id: task.id, method: task.method, args: task.args, files: task.files, trace: task.trace };
      idle.process.send(message, (error) => {
        if (error && idle.task === task) kill(idle, 'crashed');
      });
    }
  }

  /** Queues a call for the next free sandbox. */
  function enqueue<T>(method: SandboxMethod, args: unknown[], files: SandboxFile[], signal: AbortSignal, callTrace: CallTrace | undefined): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const task: Task = { id: nextId++, method, args, files, signal, trace: callTrace, resolve: resolve as (v: unknown) => void, reject, settled: false };
      const listener = () => onAbort(task);
      abortListeners.set(task, listener);
      signal.addEventListener('abort', listener, { once: true });
      queue.push(task);
      dispatch();
    });
  }

  return {
    async prestart() {
      while ([...sandboxes].filter((s) => !s.killedFor).length < options.size) spawnSandbox();
      const starting = () => [...sandboxes].filter((s) => !s.ready && !s.killedFor);
      while (!closed && starting().length > 0) {
        const [sandbox] = starting();
        const died = await new Promise<boolean>((resolve) => {
          const wake = () => {
            if (sandbox!.ready || !sandboxes.has(sandbox!)) {
              startWaiters.delete(wake);
              resolve(!sandbox!.ready);
            }
          };
          startWaiters.add(wake);
        });
        if (died && !sandbox!.killedFor) {
          throw new Error(`the engine sandbox could not start: ${sandbox!.stderrTail.slice(-512)}`);
        }
      }
    },
    run<T>(method: SandboxMethod, args: unknown[], files: SandboxFile[], signal: AbortSignal): Promise<T> {
      if (closed) return Promise.reject(new Error('the engine pool is closed'));
      signal.throwIfAborted();
      if (!tracingEnabled()) return enqueue<T>(method, args, files, signal, undefined);
      // One span per engine call (the wait for a free sandbox included); the sandbox's step spans
      // are its children (sandbox/childTracing.ts).
      return inSpan({ name: `engine ${method}`, kind: SpanKind.INTERNAL, attributes: { 'jobs_api.engine.method': method } }, (span) => {
        const active = context.active();
        const parent = trace.getSpanContext(active);
        const callTrace = parent && { traceId: parent.traceId, spanId: parent.spanId, traceFlags: parent.traceFlags, jobId: jobIdOf(active) };
        return enqueue<T>(method, args, files, signal, callTrace).catch((error: unknown) => {
          // Why the sandbox ended (memory, step deadline, crash, …), beside the error's code.
          if (error instanceof SandboxLostError) span?.setAttribute('jobs_api.engine.kill_cause', error.killCause);
          throw error;
        });
      });
    },
    stats() {
      const live = [...sandboxes].filter((s) => !s.killedFor);
      return { size: options.size, live: live.length, busy: live.filter((s) => s.task).length, queued: queue.length };
    },
    async close() {
      closed = true;
      clearInterval(watchdog);
      for (const task of queue.splice(0)) settle(task, () => task.reject(new Error('the engine pool is closed')));
      const exits = [...sandboxes].map(
        (s) =>
          new Promise<void>((resolve) => (s.process.exitCode !== null || s.process.signalCode !== null ? resolve() : s.process.once('exit', () => resolve()))),
      );
      for (const sandbox of sandboxes) {
        sandbox.killedFor ??= 'shutdown';
        sandbox.process.kill('SIGKILL');
      }
      await Promise.all(exits);
    },
  };
}

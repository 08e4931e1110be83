/**
 * Everything a benchmark starts is stopped, whatever happens: child processes are killed, temp
 * directories removed and PostgreSQL databases dropped at the end of a section, on an error, and on
 * Ctrl-C / SIGTERM (the async tasks run, then the process exits). Child processes are also killed
 * synchronously on `exit`, the last chance when an async task hangs.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Task = () => Promise<void> | void;

const tasks = new Map<number, { what: string; task: Task }>();
const children = new Set<ChildProcess>();
let nextId = 1;

/** Registers a cleanup task; answers a function that runs it now (once) and unregisters it. */
export function onCleanup(what: string, task: Task): () => Promise<void> {
  const id = nextId++;
  tasks.set(id, { what, task });
  return async () => {
    if (!tasks.delete(id)) return;
    await task();
  };
}

/** Runs every registered task, newest first (a database is dropped after the pools using it closed). */
export async function runCleanup(): Promise<void> {
  const pending = [...tasks.entries()].reverse();
  tasks.clear();
  for (const [, { what, task }] of pending) {
    try {
      await task();
    } catch (error) {
      console.error(`cleanup (${what}) failed: ${(error as Error).message}`);
    }
  }
}

/** Tracks a child process: killed on cleanup and, synchronously, on exit. */
export function trackChild(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
}

/** A fresh temp directory, removed on cleanup; answers its path and its remover. */
export function tempDir(prefix: string): { dir: string; remove: () => Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const remove = onCleanup(`remove ${dir}`, () => rmSync(dir, { recursive: true, force: true }));
  return { dir, remove };
}

let installed = false;
let stopping = false;

/** True once a signal asked the run to stop (what fails afterwards is the cleanup's doing). */
export function stopRequested(): boolean {
  return stopping;
}

export function installSignalHandlers(): void {
  if (installed) return;
  installed = true;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.error(`\n${signal}: cleaning up (child processes, temp directories, databases)…`);
    const hardStop = setTimeout(() => process.exit(130), 15_000);
    hardStop.unref();
    void runCleanup().finally(() => process.exit(130));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // A library's stray 'error' event must not leave databases, directories or servers behind either.
  process.on('uncaughtException', (error) => {
    console.error(error);
    if (stopping) return;
    stopping = true;
    const hardStop = setTimeout(() => process.exit(1), 15_000);
    hardStop.unref();
    void runCleanup().finally(() => process.exit(1));
  });
  process.on('exit', () => {
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
}

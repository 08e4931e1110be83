/**
 * What the queue-engine workload needs from each engine: create one job carrying a key, call
 * `onStart(key)` when a worker starts running it (the handler is a no-op), and tell when every
 * job created so far has finished.
 */
export interface QueuePeer {
  /** Row label, e.g. `ours (PostgreSQL)`. */
  readonly name: string;
  /** How it is configured, for the table notes and bench-results.json. */
  readonly config: string;
  /** Starts the workers; `onStart` is called from the no-op handler with the job's key. */
  start(onStart: (key: number) => void): Promise<void>;
  /** Creates (enqueues) one job; resolves when the engine's create returned (committed). */
  create(key: number): Promise<void>;
  /** Whether no created job is left waiting or running. */
  drained(): Promise<boolean>;
  /** Stops the workers and closes every connection (the database is dropped by the caller). */
  stop(): Promise<void>;
}

export interface QueueSettings {
  /** Jobs in the throughput run. */
  jobs: number;
  /** Jobs created one at a time against an idle worker (pickup latency). */
  idleJobs: number;
  /** Worker concurrency: jobs running at once, the same for every peer. */
  concurrency: number;
  /** Creates in flight at once during the throughput run (the producer), the same for every peer. */
  producers: number;
}

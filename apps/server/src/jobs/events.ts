/**
 * In-process job events. The service emits them; the worker listens so an idle worker picks a new
 * job up at once and a cancelled job's handler is aborted at once. Across processes the PostgreSQL
 * store bridges LISTEN/NOTIFY into the same events; polling and lease renewal remain the fallback.
 */
import { EventEmitter } from 'node:events';

export interface JobEventMap {
  /** Jobs became claimable (a create, a retry, a requeue). */
  queued: [];
  /** A job was cancelled (a running handler must stop). */
  cancelled: [jobId: string];
  /**
   * A job's status changed, so it has a new event (its streams and long-polls read on, deliveries
   * fan out). `undefined`: some jobs changed (a maintenance sweep), whichever they are.
   */
  changed: [jobId: string | undefined];
}

export class JobEvents extends EventEmitter<JobEventMap> {
  constructor() {
    super();
    // Every worker slot and test may listen; the default limit of 10 would only warn.
    this.setMaxListeners(0);
  }
}

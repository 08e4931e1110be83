/**
 * The cluster under test: real child processes (fixtures/node.mjs) started, SIGKILLed and
 * restarted by the test. Every process it ever started is tracked until it has exited, and
 * `destroy()` kills whatever is left; the children also exit by themselves when this process dies
 * (their stdin closes), so no run leaves processes behind.
 *
 * Restarts draw on a standby: a process spawned ahead of time that has loaded the code and waits
 * for a line on stdin before it starts (see the fixture). A restart is still a new process with a
 * new worker id and new connections; it just does not spend the seconds Node needs to load the
 * server on a busy machine while the cluster is a worker short.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const fixture = fileURLToPath(new URL('../fixtures/node.mjs', import.meta.url));
/** Kept per process for the failure report. */
const LOG_LIMIT = 16_000;

export type Role = 'api' | 'worker';

export interface ClusterProcess {
  role: Role;
  pid: number;
  /** `http://…` of an API process once ready. */
  url: string | undefined;
  readonly ready: boolean;
  /** Set when the test killed it; an exit without this is a crash. */
  killedAt: number | undefined;
  /** Resolves with the exit code/signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  log(): string;
}

interface Tracked extends ClusterProcess {
  child: ChildProcess;
  readyAt: number | undefined;
  /** A standby until activated (it is no worker yet). */
  standby: boolean;
  standingBy: boolean;
}

export class Cluster {
  private readonly processes: Tracked[] = [];
  /** Processes that exited without being killed by the test (each one is a bug). */
  readonly crashes: { role: Role; pid: number; code: number | null; signal: string | null; log: string }[] = [];

  constructor(private readonly env: Record<string, string>) {}

  private spares: { process: Tracked; waitReady: Promise<ClusterProcess> }[] = [];

  /** Starts a process; `waitReady` resolves when it printed "ready". */
  start(role: Role): { process: ClusterProcess; waitReady: Promise<ClusterProcess> } {
    return this.spawn(role, false);
  }

  /**
   * Tops the standby workers up to `count`. Three, because on a busy 2-core machine loading one
   * takes several seconds, far longer than the ~0.5 s between kills (an idle standby costs memory,
   * not CPU, and each is used by a later restart).
   */
  prepareStandbys(count = 3): void {
    this.spares = this.spares.filter(({ process: p }) => p.child.exitCode === null && p.child.signalCode === null);
    while (this.spares.length < count) {
      const next = this.spawn('worker', true);
      this.spares.push({ process: next.process as Tracked, waitReady: next.waitReady });
    }
  }

  /** Whether a standby has loaded (a restart now would be warm). */
  get standbyLoaded(): boolean {
    return this.spares.some(({ process: p }) => p.standingBy && p.child.exitCode === null && p.child.signalCode === null);
  }

  /**
   * Starts a worker to replace a killed one: a standby that has loaded (`warm`), else a cold
   * start; then tops the standbys up again.
   */
  restartWorker(): { process: ClusterProcess; waitReady: Promise<ClusterProcess>; warm: boolean } {
    const loaded = this.spares.find(({ process: p }) => p.standingBy && p.child.exitCode === null && p.child.signalCode === null);
    let started: { process: ClusterProcess; waitReady: Promise<ClusterProcess>; warm: boolean };
    if (loaded) {
      this.spares = this.spares.filter((s) => s !== loaded);
      loaded.process.standby = false;
      loaded.process.child.stdin!.write('start\n');
      started = { ...loaded, warm: true };
    } else {
      started = { ...this.spawn('worker', false), warm: false };
    }
    this.prepareStandbys();
    return started;
  }

  private spawn(role: Role, standby: boolean): { process: ClusterProcess; waitReady: Promise<ClusterProcess> } {
    const child = spawn(process.execPath, [fixture], {
      env: { ...process.env, ...this.env, MODE: role, STANDBY: standby ? '1' : '0' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let log = '';
    let resolveReady!: (p: ClusterProcess) => void;
    let rejectReady!: (e: Error) => void;
    const waitReady = new Promise<ClusterProcess>((resolve, reject) => {
      resolveReady = resolve;
      rejectReady = reject;
    });
    // A process killed before it was ready rejects waitReady; nobody may be listening then.
    waitReady.catch(() => undefined);
    const tracked: Tracked = {
      role,
      pid: child.pid!,
      url: undefined,
      child,
      readyAt: undefined,
      killedAt: undefined,
      standby,
      standingBy: false,
      get ready() {
        return this.readyAt !== undefined;
      },
      exited: new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal }))),
      log: () => log,
    };
    const append = (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-LOG_LIMIT);
      if (tracked.standby && /^standby$/m.test(log)) tracked.standingBy = true;
      const ready = /^ready (\S*)/m.exec(log);
      if (ready && tracked.readyAt === undefined) {
        tracked.readyAt = Date.now();
        tracked.url = ready[1] || undefined;
        resolveReady(tracked);
      }
    };
    child.stdout!.on('data', append);
    child.stderr!.on('data', append);
    // Writing to the stdin of a process that just died raises EPIPE on the stream; nothing to do.
    child.stdin!.on('error', () => undefined);
    void tracked.exited.then(({ code, signal }) => {
      if (tracked.killedAt === undefined) {
        this.crashes.push({ role, pid: tracked.pid, code, signal, log: log.slice(-4000) });
      }
      if (tracked.readyAt === undefined) rejectReady(new Error(`${role} ${tracked.pid} exited before it was ready (${code ?? signal}):\n${log}`));
    });
    this.processes.push(tracked);
    return { process: tracked, waitReady };
  }

  /** Live (not killed, not exited) processes of a role; a standby is not one yet. */
  live(role: Role): ClusterProcess[] {
    return this.processes.filter((p) => p.role === role && !p.standby && p.killedAt === undefined && p.child.exitCode === null && p.child.signalCode === null);
  }

  /** SIGKILLs a process; resolves once it is gone. */
  async kill(p: ClusterProcess): Promise<void> {
    const tracked = p as Tracked;
    tracked.killedAt ??= Date.now();
    tracked.child.kill('SIGKILL');
    await tracked.exited;
  }

  /** Kills every process still running and waits for all of them to exit. */
  async destroy(): Promise<void> {
    for (const p of this.processes) {
      if (p.child.exitCode === null && p.child.signalCode === null) {
        p.killedAt ??= Date.now();
        p.child.kill('SIGKILL');
      }
    }
    await Promise.all(this.processes.map((p) => p.exited));
  }

  /** Pids of every process started (for the "nothing left behind" check). */
  get pids(): number[] {
    return this.processes.map((p) => p.pid);
  }

  /** The last lines of every process's output, for a failure report. */
  logs(lines = 15): string {
    return this.processes
      .filter((p) => p.log().trim())
      .slice(-8)
      .map((p) => `--- ${p.role} ${p.pid}${p.killedAt ? ' (killed)' : ''}\n${p.log().trim().split('\n').slice(-lines).join('\n')}`)
      .join('\n');
  }
}

import { CrashRule, recordCrash } from './crash-window';

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Why a restart attempt failed, when it did not even start. */
  error?: string;
}

export interface RestartEvent extends ProcessExit {
  /** The supervised process: gateway, engine, dispatcher, kafka, postgres... */
  name: string;
  /** This crash's number within the crash window. */
  attempt: number;
  /** Wait before the restart. */
  delayMs: number;
  /** Restarts of this process since the supervisor started. */
  restarts: number;
}

export interface ProcessSupervisorOptions extends CrashRule {
  /** Wait before restarting after crash number `attempt` within the window. */
  restartDelayMs(attempt: number): number;
  /** A process crashed and will be restarted after `delayMs`. */
  onRestart(event: RestartEvent): void;
  /** A process crashed `limit` times within `windowMs`: nothing is restarted any more. */
  onCrashLoop(name: string, exit: ProcessExit, crashes: number): void;
  now?: () => number;
}

/**
 * Restarts crashed processes with a backoff, counts the restarts, and gives up on a process that
 * crashes repeatedly in a short time. What a process is, and how it is started, is up to the
 * caller: it reports an unexpected exit with `crashed(name, exit, restart)`.
 */
export class ProcessSupervisor {
  private readonly crashes = new Map<string, number[]>();
  private readonly restartCounts = new Map<string, number>();
  private readonly pending = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(private readonly options: ProcessSupervisorOptions) {}

  /** Restarts per process name. */
  get restarts(): Record<string, number> {
    return Object.fromEntries(this.restartCounts);
  }

  get active(): boolean {
    return !this.stopped;
  }

  /**
   * `name` exited without being asked to: after the backoff, `restart` starts it again (a restart
   * that rejects counts as another crash).
   */
  crashed(name: string, exit: ProcessExit, restart: () => Promise<void>): void {
    if (this.stopped) return;
    const verdict = recordCrash(this.crashes.get(name) ?? [], (this.options.now ?? Date.now)(), this.options);
    this.crashes.set(name, verdict.recent);
    if (verdict.crashLoop) {
      this.stop();
      this.options.onCrashLoop(name, exit, verdict.attempt);
      return;
    }
    const delayMs = this.options.restartDelayMs(verdict.attempt);
    const restarts = (this.restartCounts.get(name) ?? 0) + 1;
    this.restartCounts.set(name, restarts);
    this.options.onRestart({ name, ...exit, attempt: verdict.attempt, delayMs, restarts });
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      if (this.stopped) return;
      restart().catch((error: unknown) =>
        this.crashed(name, { code: null, signal: null, error: (error as Error)?.message ?? String(error) }, restart),
      );
    }, delayMs);
    this.pending.add(timer);
  }

  /** No more restarts: pending ones are cancelled and later exits are ignored. */
  stop(): void {
    this.stopped = true;
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
  }
}

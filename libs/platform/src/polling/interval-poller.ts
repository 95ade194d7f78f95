import type { Logger } from '../logging/logger';
import { backoffDelayMs } from '../retry/backoff';

export interface IntervalPollerOptions {
  /**
   * After failed rounds, wait intervalMs doubling up to this (with jitter) instead of intervalMs,
   * so a database or broker outage is not hammered. Unset: a failed round is retried after intervalMs.
   */
  maxBackoffMs?: number;
  /** What a failed round means for the caller, added to the warning (e.g. "rows stay for the next round"). */
  failureNote?: string;
}

/**
 * What a round says about the next one: `true` has more to do now (the next round runs at once),
 * `{ nextInMs }` knows when its next work is due (the next round runs then, or after `intervalMs`
 * if that comes first), anything else waits `intervalMs`.
 */
export type PollerRoundResult = boolean | void | { nextInMs: number };

/**
 * The one poller of the project: runs `tick` every `intervalMs`, never two at once, until stopped.
 * A tick that returns `true` has more to do and runs again at once; one that returns
 * `{ nextInMs }` runs again when its next work is due (at most `intervalMs` later); `poke()` asks
 * for a round as soon as possible (at once when idle, right after the round in hand otherwise).
 * A failing tick is logged and retried next round, or after a growing pause when `maxBackoffMs`
 * is set. `stop()` waits for the round in hand.
 */
export class IntervalPoller {
  /** Wall-clock time (ms) of the last round that finished without an error (start counts as one). */
  lastSuccessAt = 0;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = true;
  private poked = false;
  private failures = 0;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly tick: () => Promise<PollerRoundResult>,
    private readonly logger: Logger,
    private readonly options: IntervalPollerOptions = {},
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.lastSuccessAt = Date.now();
    this.schedule(0);
  }

  /** Asks for a round as soon as possible; ignored while backing off after a failure. */
  poke(): void {
    if (this.stopped || this.failures > 0) return;
    if (this.running) {
      this.poked = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.round();
    }, delay);
    this.timer.unref?.();
  }

  private async round(): Promise<void> {
    this.poked = false;
    let next = this.intervalMs;
    try {
      const result = await this.tick();
      if (result === true) next = 0;
      else if (typeof result === 'object' && result !== null)
        next = Math.min(this.intervalMs, Math.max(0, Math.ceil(result.nextInMs)));
      this.failures = 0;
      this.lastSuccessAt = Date.now();
    } catch (error) {
      this.failures += 1;
      const note = this.options.failureNote ? `; ${this.options.failureNote}` : '';
      this.logger.warn({ err: error, poller: this.name, failures: this.failures }, `${this.name} round failed${note}`);
    }
    this.running = undefined;
    this.schedule(this.failures > 0 ? this.pauseAfterFailure() : this.poked ? 0 : next);
  }

  private pauseAfterFailure(): number {
    const { maxBackoffMs } = this.options;
    if (maxBackoffMs === undefined) return this.intervalMs;
    return backoffDelayMs(
      { initialMs: this.intervalMs, maxMs: Math.max(this.intervalMs, maxBackoffMs) },
      this.failures,
    );
  }
}

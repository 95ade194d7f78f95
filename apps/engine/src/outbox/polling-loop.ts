import { backoffDelayMs } from '@postventa/platform';

/**
 * Runs `work` every `intervalMs`, at once again while it reports more to do, and at once when
 * poked. A failed round is retried with a growing pause (capped). `stop()` waits for the round in
 * hand. Used by the outbox relay and the timer scheduler.
 */
export class PollingLoop {
  private running = false;
  private poked = false;
  private wake?: () => void;
  private done?: Promise<void>;
  private failures = 0;
  /** Wall-clock time (ms) of the last round that finished without an error. */
  lastSuccessAt = 0;

  constructor(
    private readonly intervalMs: number,
    private readonly work: () => Promise<boolean>,
    private readonly onError: (error: unknown, failures: number) => void,
    private readonly maxBackoffMs = 15_000,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.done = this.loop();
  }

  /** Asks for a round as soon as the current one (if any) ends. */
  poke(): void {
    this.poked = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.done;
  }

  private async loop(): Promise<void> {
    while (this.running) {
      this.poked = false;
      let more = false;
      try {
        more = await this.work();
        this.failures = 0;
        this.lastSuccessAt = Date.now();
      } catch (error) {
        this.failures += 1;
        this.onError(error, this.failures);
      }
      if (!this.running) break;
      if (more && this.failures === 0) continue;
      const pause = this.failures > 0 ? backoffDelayMs({ initialMs: this.intervalMs, maxMs: this.maxBackoffMs }, this.failures) : this.intervalMs;
      await this.sleep(pause, this.failures === 0);
    }
  }

  private sleep(ms: number, wakeOnPoke: boolean): Promise<void> {
    if (wakeOnPoke && this.poked) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        if (!this.running || wakeOnPoke) {
          this.wake = undefined;
          done();
        }
      };
    });
  }
}

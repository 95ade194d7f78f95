interface Entry<T> {
  item: T;
  done: () => void;
}

/**
 * Work on items keyed by a group (a customer): the items of one key strictly one after another, in
 * the order they were pushed (across pushes), different keys side by side, at most `concurrency`
 * at a time. Pushing never waits; `whenRoom` lets a producer wait while too much is pending. A
 * failing item is reported to `onError` and does not stop its key.
 */
export class KeyedWorkQueue<T> {
  /** Pending items per key (the key's running item is no longer in its list). */
  private readonly queues = new Map<string, Array<Entry<T>>>();
  /** Keys with pending items and no running one, in the order they became ready. */
  private readonly ready: string[] = [];
  private running = 0;
  private pendingCount = 0;
  private waiters: Array<() => void> = [];

  constructor(
    private readonly concurrency: number,
    private readonly keyOf: (item: T) => string,
    private readonly work: (item: T) => Promise<void>,
    private readonly onError: (error: unknown, item: T) => void,
  ) {}

  /** Items pushed and not finished yet. */
  get pending(): number {
    return this.pendingCount;
  }

  /**
   * Queues the items; the promise resolves when every one of them has finished (or failed). With
   * `ahead`, their keys go before the keys already waiting (work that is overdue, such as retries).
   */
  push(items: readonly T[], ahead = false): Promise<void> {
    const fresh: string[] = [];
    const finished = items.map((item) => {
      const key = this.keyOf(item);
      return new Promise<void>((done) => {
        let list = this.queues.get(key);
        if (!list) {
          list = [];
          this.queues.set(key, list);
          fresh.push(key);
        }
        list.push({ item, done });
        this.pendingCount += 1;
      });
    });
    if (ahead) this.ready.unshift(...fresh);
    else this.ready.push(...fresh);
    this.pump();
    return Promise.all(finished).then(() => undefined);
  }

  /** Resolves once fewer than `limit` items are pending; calls `whileWaiting` about every second until then. */
  async whenRoom(limit: number, whileWaiting?: () => Promise<void>): Promise<void> {
    while (this.pendingCount >= limit) {
      await this.changed(1000);
      await whileWaiting?.();
    }
  }

  /** Resolves once nothing is pending. */
  async idle(): Promise<void> {
    while (this.pendingCount > 0) await this.changed(1000);
  }

  private changed(timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      timer.unref?.();
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private pump(): void {
    while (this.running < Math.max(1, this.concurrency) && this.ready.length > 0) {
      const key = this.ready.shift()!;
      this.running += 1;
      void this.runOne(key);
    }
  }

  private async runOne(key: string): Promise<void> {
    const list = this.queues.get(key)!;
    const entry = list.shift()!;
    try {
      await this.work(entry.item);
    } catch (error) {
      this.onError(error, entry.item);
    }
    // The key's next item waits its turn behind the keys already ready (no key starves the rest).
    if (list.length > 0) this.ready.push(key);
    else this.queues.delete(key);
    this.running -= 1;
    this.pendingCount -= 1;
    entry.done();
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
    this.pump();
  }
}

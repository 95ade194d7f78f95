/**
 * Joins concurrent single-row writes into one set-based statement. A call waits while the
 * statement before it is in flight; every call that arrived meanwhile goes into the next one (at
 * most `maxItems`). A call resolves only once the statement carrying it has committed, with its own
 * result, or rejects with that statement's error: callers keep the semantics of a write of their
 * own, at one round trip per statement instead of one per row.
 */
export class WriteCoalescer<I, O> {
  private pending: Array<{ item: I; resolve: (out: O) => void; reject: (error: unknown) => void }> = [];
  private draining = false;

  constructor(
    private readonly write: (items: I[]) => Promise<O[]>,
    private readonly maxItems = 500,
  ) {}

  run(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    // Calls made in the same turn of the event loop join the first statement.
    await Promise.resolve();
    while (this.pending.length > 0) {
      const round = this.pending.splice(0, this.maxItems);
      try {
        const out = await this.write(round.map((r) => r.item));
        round.forEach((r, i) => r.resolve(out[i]));
      } catch (error) {
        for (const r of round) r.reject(error);
      }
    }
    this.draining = false;
  }
}

/**
 * Remembers which keys were seen in the last `windowMs`, so repeated hits of one link (a client
 * reloading an image, a scanner, a flood) count once per window. Bounded: past `capacity` keys the
 * oldest are forgotten first. In memory, per gateway process. Time is passed in.
 */
export class RecentHits {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly windowMs: number,
    private readonly capacity = 100_000,
  ) {}

  /** True the first time `key` is hit within the window (and records it); false for repeats. */
  firstHit(key: string, now: Date): boolean {
    if (this.windowMs <= 0) return true;
    const t = now.getTime();
    const until = this.seen.get(key);
    if (until !== undefined && until > t) return false;
    this.seen.delete(key);
    this.seen.set(key, t + this.windowMs);
    this.evict(t);
    return true;
  }

  private evict(t: number): void {
    // Insertion order is expiry order (every window has the same length).
    for (const [key, until] of this.seen) {
      if (until > t && this.seen.size <= this.capacity) break;
      this.seen.delete(key);
    }
  }
}

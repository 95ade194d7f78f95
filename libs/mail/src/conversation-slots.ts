/**
 * A fixed number of SMTP conversations at once (the pool's connections): `acquire` resolves when
 * one is free, in the order asked. A holder hands its email to SMTP only once it has a slot, so
 * an email recorded as handed over is in a conversation, never waiting in a queue behind others.
 */
export class ConversationSlots {
  private free: number;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly size: number) {
    this.free = Math.max(1, size);
  }

  /** Resolves with a release function (calling it more than once frees one slot only). */
  async acquire(): Promise<() => void> {
    if (this.free > 0) this.free -= 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.free += 1;
    };
  }

  /** Slots in use now. */
  get busy(): number {
    return Math.max(1, this.size) - this.free;
  }
}

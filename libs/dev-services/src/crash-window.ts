export interface CrashRule {
  /** Crashes of one process within `windowMs` that stop everything. */
  limit: number;
  windowMs: number;
}

export interface CrashVerdict {
  /** Crash times still inside the window, this one included (oldest first). */
  recent: number[];
  /** This crash's number within the window (1 = first crash in a while): drives the backoff. */
  attempt: number;
  /** The process crashes repeatedly: stop instead of restarting it. */
  crashLoop: boolean;
}

/** Records a crash at `now` against the earlier ones. Pure. */
export function recordCrash(earlier: readonly number[], now: number, rule: CrashRule): CrashVerdict {
  const recent = [...earlier.filter((at) => now - at < rule.windowMs), now];
  return { recent, attempt: recent.length, crashLoop: recent.length >= rule.limit };
}

export interface RetryPolicy {
  /** Wait after the first failed attempt. */
  initialMs: number;
  /** Longest wait between two attempts. */
  maxMs: number;
  /** Attempts in all (the first send included) before giving up. */
  maxAttempts: number;
}

/**
 * Exponential backoff: the wait after failed attempt `attempt` (1-based) is initial × 2^(attempt-1),
 * capped at maxMs, with up to ±10 % jitter from `random` (0..1) so a fleet of emails that failed
 * together does not come back together. Pure: pass `() => 0.5` for no jitter.
 */
export function retryDelayMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 40));
  const base = Math.min(policy.maxMs, policy.initialMs * 2 ** exponent);
  const jitter = 1 + (Math.min(1, Math.max(0, random())) - 0.5) * 0.2;
  return Math.max(1, Math.round(Math.min(policy.maxMs, base * jitter)));
}

/** When attempt `attempt` failed temporarily at `now`: the time of the next one, or null to give up. */
export function nextAttemptAt(policy: RetryPolicy, attempt: number, now: Date, random?: () => number): Date | null {
  if (attempt >= policy.maxAttempts) return null;
  return new Date(now.getTime() + retryDelayMs(policy, attempt, random));
}

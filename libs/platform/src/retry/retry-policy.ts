import { backoffDelayMs, BackoffPolicy } from './backoff';

/** A backoff with a limit: how many attempts in all (the first one included) before giving up. */
export interface RetryPolicy extends BackoffPolicy {
  maxAttempts: number;
}

/** When attempt `attempt` (1-based) failed temporarily at `now`: the time of the next one, or null to give up. */
export function nextAttemptAt(policy: RetryPolicy, attempt: number, now: Date, random?: () => number): Date | null {
  if (attempt >= policy.maxAttempts) return null;
  return new Date(now.getTime() + backoffDelayMs(policy, attempt, random));
}

/** Bounds of an exponential backoff. */
export interface BackoffPolicy {
  /** Wait before the first retry. */
  initialMs: number;
  /** Longest wait between two attempts. */
  maxMs: number;
  /** Relative jitter, 0..1 (0.2 = ±10 %). Default 0.2. */
  jitter?: number;
}

/**
 * The one backoff formula of the project: the wait after failed attempt `attempt` (1-based) is
 * initial × 2^(attempt-1), capped at maxMs, with jitter from `random` (0..1; ±10 % by default) so
 * things that failed together do not come back together. Pure: pass `() => 0.5` for no jitter.
 */
export function backoffDelayMs(policy: BackoffPolicy, attempt: number, random: () => number = Math.random): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 40));
  const base = Math.min(policy.maxMs, policy.initialMs * 2 ** exponent);
  const factor = 1 + (Math.min(1, Math.max(0, random())) - 0.5) * (policy.jitter ?? 0.2);
  return Math.max(1, Math.round(Math.min(policy.maxMs, base * factor)));
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

import { nextAttemptAt, retryDelayMs, RetryPolicy } from './backoff';

const policy: RetryPolicy = { initialMs: 1000, maxMs: 60_000, maxAttempts: 5 };
const noJitter = () => 0.5;

describe('retry backoff', () => {
  it.each([
    [1, 1000],
    [2, 2000],
    [3, 4000],
    [4, 8000],
    [7, 60_000],
    [50, 60_000],
  ])('waits %i → %i ms without jitter', (attempt, expected) => {
    expect(retryDelayMs(policy, attempt, noJitter)).toBe(expected);
  });

  it('keeps the jitter within ±10 % and under the cap', () => {
    expect(retryDelayMs(policy, 3, () => 0)).toBe(3600);
    expect(retryDelayMs(policy, 3, () => 1)).toBe(4400);
    expect(retryDelayMs(policy, 10, () => 1)).toBe(60_000);
  });

  it('never goes backwards as attempts grow', () => {
    let previous = 0;
    for (let attempt = 1; attempt <= 30; attempt++) {
      const delay = retryDelayMs(policy, attempt, noJitter);
      expect(delay).toBeGreaterThanOrEqual(previous);
      previous = delay;
    }
  });

  it('gives up after the last attempt', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(nextAttemptAt(policy, 1, now, noJitter)?.toISOString()).toBe('2026-01-01T00:00:01.000Z');
    expect(nextAttemptAt(policy, 4, now, noJitter)?.toISOString()).toBe('2026-01-01T00:00:08.000Z');
    expect(nextAttemptAt(policy, 5, now, noJitter)).toBeNull();
  });
});

import { nextAttemptAt, RetryPolicy } from './retry-policy';

const policy: RetryPolicy = { initialMs: 1000, maxMs: 60_000, maxAttempts: 5 };
const noJitter = () => 0.5;

describe('nextAttemptAt', () => {
  it('waits the backoff of the failed attempt, then gives up after the last one', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(nextAttemptAt(policy, 1, now, noJitter)?.toISOString()).toBe('2026-01-01T00:00:01.000Z');
    expect(nextAttemptAt(policy, 4, now, noJitter)?.toISOString()).toBe('2026-01-01T00:00:08.000Z');
    expect(nextAttemptAt(policy, 5, now, noJitter)).toBeNull();
  });
});

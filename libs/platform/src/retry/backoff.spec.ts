import fc from 'fast-check';
import { backoffDelayMs, BackoffPolicy } from './backoff';

const policy: BackoffPolicy = { initialMs: 500, maxMs: 8000 };
const noJitter = () => 0.5;

describe('backoffDelayMs', () => {
  it.each([
    [1, 500],
    [2, 1000],
    [3, 2000],
    [4, 4000],
    [5, 8000],
    [6, 8000],
    [100, 8000],
  ])('waits after attempt %i: %i ms without jitter', (attempt, expected) => {
    expect(backoffDelayMs(policy, attempt, noJitter)).toBe(expected);
  });

  it('keeps the jitter within ±10 % and under the cap', () => {
    expect(backoffDelayMs(policy, 2, () => 0)).toBe(900);
    expect(backoffDelayMs(policy, 2, () => 1)).toBe(1100);
    expect(backoffDelayMs(policy, 9, () => 1)).toBe(8000);
  });

  it('never waits less than 1 ms, and treats attempt 0 or less as the first', () => {
    expect(backoffDelayMs({ initialMs: 0, maxMs: 10 }, 1, noJitter)).toBe(1);
    expect(backoffDelayMs(policy, 0, noJitter)).toBe(500);
    expect(backoffDelayMs(policy, -3, noJitter)).toBe(500);
  });

  it('never decreases from one attempt to the next (without jitter)', () => {
    let previous = 0;
    for (let attempt = 1; attempt < 60; attempt++) {
      const delay = backoffDelayMs(policy, attempt, noJitter);
      expect(delay).toBeGreaterThanOrEqual(previous);
      previous = delay;
    }
  });

  it('stays within the bounds for any attempt and jitter', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (attempt, r) => {
        const ms = backoffDelayMs(policy, attempt, () => r);
        return ms >= 1 && ms <= policy.maxMs && ms >= Math.floor(policy.initialMs * 0.9);
      }),
    );
  });

  it('takes a wider or no jitter when asked', () => {
    expect(backoffDelayMs({ ...policy, jitter: 0 }, 2, () => 1)).toBe(1000);
    expect(backoffDelayMs({ ...policy, jitter: 1 }, 2, () => 1)).toBe(1500);
  });
});

import fc from 'fast-check';
import { backoffDelayMs } from './backoff';

describe('backoffDelayMs', () => {
  const policy = { initialMs: 100, maxMs: 5_000 };

  it.each([
    [1, 100],
    [2, 200],
    [3, 400],
    [7, 5_000],
    [1000, 5_000],
  ])('attempt %i waits %i ms without jitter', (attempt, expected) => {
    expect(backoffDelayMs(policy, attempt, () => 0.5)).toBe(expected);
  });

  it('stays within the bounds for any attempt and jitter', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (attempt, r) => {
        const ms = backoffDelayMs(policy, attempt, () => r);
        return ms >= 1 && ms <= policy.maxMs && ms >= Math.floor(policy.initialMs * 0.9);
      }),
    );
  });
});

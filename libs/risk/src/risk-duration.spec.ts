import { describeDuration } from './risk-duration';

const H = 3_600_000;
const D = 24 * H;

describe('describeDuration', () => {
  it.each([
    [7 * D, '7 days'],
    [D, '1 day'],
    [D + 12 * H, '1 day 12 hours'],
    [0, '0 seconds'],
  ])('says %d ms as %s', (ms, text) => expect(describeDuration(ms)).toBe(text));
});

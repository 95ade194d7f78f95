import { describeDuration, parseDuration } from './risk-duration';

const H = 3_600_000;
const D = 24 * H;

describe('parseDuration', () => {
  it.each([
    ['P7D', 7 * D],
    ['P2W', 14 * D],
    ['PT12H', 12 * H],
    ['P1DT6H', 30 * H],
    ['PT30M', 30 * 60_000],
    ['PT45S', 45_000],
  ])('reads %s', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', 'P', 'PT', 'P1M', 'P1Y', '7D', 'P0D', 'P1.5D', 'p7d', 'P7DT'])('rejects %j', (text) =>
    expect(parseDuration(text)).toBeNull(),
  );
});

describe('describeDuration', () => {
  it.each([
    [7 * D, '7 days'],
    [D, '1 day'],
    [D + 12 * H, '1 day 12 hours'],
    [0, '0 seconds'],
  ])('says %d ms as %s', (ms, text) => expect(describeDuration(ms)).toBe(text));
});

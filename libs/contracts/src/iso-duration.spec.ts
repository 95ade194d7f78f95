import fc from 'fast-check';
import { fixedIsoDurationMs, parseIsoDuration } from './iso-duration';

const H = 3_600_000;
const D = 24 * H;

describe('ISO 8601 durations', () => {
  it.each([
    ['P7D', 7 * D],
    ['P2W', 14 * D],
    ['PT12H', 12 * H],
    ['P1DT6H', 30 * H],
    ['PT30M', 30 * 60_000],
    ['PT45S', 45_000],
    ['PT0.5S', 500],
  ])('reads %s as %d ms', (text, ms) => {
    expect(fixedIsoDurationMs(text)).toBe(ms);
    expect(parseIsoDuration(text)?.toMillis()).toBe(ms);
  });

  it.each(['', 'P', 'PT', '7D', 'P0D', 'PT0S', 'P1.5D', 'p7d', 'P7DT', '-P1D', 'P-1D', 'PT-1H', ' P1D'])('refuses %j', (text) => {
    expect(parseIsoDuration(text)).toBeNull();
    expect(fixedIsoDurationMs(text)).toBeNull();
  });

  it('reads calendar units, but gives no fixed length for them', () => {
    expect(parseIsoDuration('P1M')?.months).toBe(1);
    expect(parseIsoDuration('P1Y')?.years).toBe(1);
    expect(fixedIsoDurationMs('P1M')).toBeNull();
    expect(fixedIsoDurationMs('P1YT1H')).toBeNull();
  });

  it('refuses what is not text', () => {
    expect(parseIsoDuration(7)).toBeNull();
    expect(parseIsoDuration(undefined)).toBeNull();
  });

  it('reads back any positive duration it is given in days, hours, minutes and seconds', () => {
    fc.assert(
      fc.property(fc.nat(400), fc.nat(23), fc.nat(59), fc.nat(59), (d, h, m, s) => {
        fc.pre(d + h + m + s > 0);
        const text = `P${d}DT${h}H${m}M${s}S`;
        return fixedIsoDurationMs(text) === ((d * 24 + h) * 60 + m) * 60_000 + s * 1000;
      }),
    );
  });
});

import { addIsoDuration, isWithinLocalWindow, nextLocalTime, parseIsoDuration } from './duration';

describe('durations and local time', () => {
  it.each([
    ['P3D', true],
    ['PT2H', true],
    ['PT2S', true],
    ['P1DT12H', true],
    ['PT0S', false],
    ['P', false],
    ['3d', false],
    ['', false],
  ])('parseIsoDuration(%s) valid=%s', (text, valid) => {
    expect(parseIsoDuration(text) !== null).toBe(valid);
  });

  it('adds durations in UTC', () => {
    expect(addIsoDuration(new Date('2025-03-29T12:00:00Z'), 'P1D').toISOString()).toBe('2025-03-30T12:00:00.000Z');
  });

  it('finds the next local time across a DST change', () => {
    // Madrid moves to summer time on 2025-03-30: 10:00 local is 09:00Z before, 08:00Z after
    expect(nextLocalTime(new Date('2025-03-29T12:00:00Z'), '10:00', 'Europe/Madrid').toISOString()).toBe('2025-03-30T08:00:00.000Z');
    expect(nextLocalTime(new Date('2025-03-29T08:00:00Z'), '10:00', 'Europe/Madrid').toISOString()).toBe('2025-03-29T09:00:00.000Z');
  });

  it.each([
    ['2025-03-03T21:30:00Z', true],
    ['2025-03-03T06:59:00Z', true],
    ['2025-03-03T07:00:00Z', false],
    ['2025-03-03T12:00:00Z', false],
  ])('21:00-08:00 in Madrid contains %s: %s', (at, inside) => {
    expect(isWithinLocalWindow(new Date(at), '21:00', '08:00', 'Europe/Madrid')).toBe(inside);
  });
});

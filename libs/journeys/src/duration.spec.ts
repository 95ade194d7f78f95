import { IANAZone } from 'luxon';
import {
  addIsoDuration,
  isTimeZone,
  isWithinLocalWindow,
  nextLocalTime,
  parseIsoDuration,
  resolveZone,
} from './duration';

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
    expect(nextLocalTime(new Date('2025-03-29T12:00:00Z'), '10:00', 'Europe/Madrid').toISOString()).toBe(
      '2025-03-30T08:00:00.000Z',
    );
    expect(nextLocalTime(new Date('2025-03-29T08:00:00Z'), '10:00', 'Europe/Madrid').toISOString()).toBe(
      '2025-03-29T09:00:00.000Z',
    );
  });

  it.each([
    ['2025-03-03T21:30:00Z', true],
    ['2025-03-03T06:59:00Z', true],
    ['2025-03-03T07:00:00Z', false],
    ['2025-03-03T12:00:00Z', false],
  ])('21:00-08:00 in Madrid contains %s: %s', (at, inside) => {
    expect(isWithinLocalWindow(new Date(at), '21:00', '08:00', 'Europe/Madrid')).toBe(inside);
  });

  it('checks a zone name once, then answers from memory (valid and invalid alike)', () => {
    const check = jest.spyOn(IANAZone, 'isValidZone');
    try {
      for (let i = 0; i < 3; i++) {
        expect(resolveZone('America/Bogota')).toBe('America/Bogota');
        expect(resolveZone('Mars/Olympus_Mons', 'Europe/Lisbon')).toBe('Europe/Lisbon');
        expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
      }
      const asked = check.mock.calls.map(([zone]) => zone);
      expect(asked.filter((z) => z === 'America/Bogota')).toHaveLength(1);
      expect(asked.filter((z) => z === 'Mars/Olympus_Mons')).toHaveLength(1);
    } finally {
      check.mockRestore();
    }
  });
});

import { TemplateError, TemplateErrorCode } from '../template.error';
import { formatDate, formatMoney, formatNumber } from './format.helpers';

const es = { locale: 'es', timeZone: 'Europe/Madrid' };
const en = { locale: 'en', timeZone: 'America/New_York' };

describe('formatMoney', () => {
  it.each([
    ['es', 1234.5, 'EUR'],
    ['en', 1234.5, 'USD'],
    ['pt-BR', 99.9, 'BRL'],
    ['es-MX', 1234.5, 'MXN'],
  ])('formats %s %d %s like Intl does', (locale, amount, currency) => {
    const expected = new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);
    expect(formatMoney(amount, currency, { locale, timeZone: 'UTC' })).toBe(expected);
  });

  it('puts the euro sign after the amount in Spanish and before it in English', () => {
    expect(formatMoney(1234.5, 'EUR', es)).toMatch(/^1\.?234,50\s€$/);
    expect(formatMoney(1234.5, 'EUR', en)).toBe('€1,234.50');
  });

  it('accepts numeric strings and rejects junk with a coded error', () => {
    expect(formatMoney('10', 'usd', en)).toBe('$10.00');
    expect(() => formatMoney(undefined, 'EUR', en)).toThrow(TemplateError);
    expect(() => formatMoney(10, 'euros', en)).toThrow(/ISO 4217/);
    try {
      formatMoney('ten', 'EUR', en);
    } catch (error) {
      expect((error as TemplateError).code).toBe(TemplateErrorCode.InvalidArgument);
    }
  });
});

describe('formatNumber', () => {
  it('follows the locale', () => {
    expect(formatNumber(1234567.891, es)).toBe(new Intl.NumberFormat('es').format(1234567.891));
    expect(formatNumber(1234567.891, en)).toBe('1,234,567.891');
    expect(formatNumber(2.5, en, 2)).toBe('2.50');
    expect(formatNumber(0.15, es, undefined, 'percent')).toBe(
      new Intl.NumberFormat('es', { style: 'percent' }).format(0.15),
    );
  });
});

describe('formatDate', () => {
  it('shows the date in the customer time zone and language', () => {
    // 02:30 UTC on the 11th is still the 10th in New York.
    expect(formatDate('2025-03-11T02:30:00Z', 'long', en)).toBe('March 10, 2025');
    expect(formatDate('2025-03-11T02:30:00Z', 'long', es)).toBe('11 de marzo de 2025');
    expect(formatDate('2025-03-11T02:30:00Z', 'long', { locale: 'pt', timeZone: 'UTC' })).toBe('11 de março de 2025');
  });

  it('formats like Intl for the chosen style', () => {
    const intl = new Intl.DateTimeFormat('es', {
      timeZone: 'Europe/Madrid',
      year: 'numeric',
      month: 'short',
      day: 'numeric',
    });
    const expected = intl.format(new Date('2025-03-11T02:30:00Z'));
    expect(formatDate('2025-03-11T02:30:00Z', 'medium', es)).toBe(expected);
  });

  it('accepts dates and epoch milliseconds, rejects unknown styles and bad input', () => {
    const at = Date.UTC(2025, 0, 2, 12);
    expect(formatDate(at, 'short', { locale: 'en', timeZone: 'UTC' })).toBe('1/2/2025');
    expect(formatDate(new Date(at), 'short', { locale: 'en', timeZone: 'UTC' })).toBe('1/2/2025');
    expect(() => formatDate('yesterday', 'long', en)).toThrow(/ISO 8601/);
    expect(() => formatDate('2025-01-01', 'fancy', en)).toThrow(/unknown style/);
  });
});

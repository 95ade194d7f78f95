import { localeChain, normalizeLocale, pickLocale } from './locale-chain';

describe('localeChain', () => {
  it.each([
    ['es-MX', 'en', ['es-MX', 'es', 'en']],
    ['pt_br', 'en', ['pt-BR', 'pt', 'en']],
    ['xx', 'en', ['xx', 'en']],
    ['en-GB', 'en', ['en-GB', 'en']],
    ['es', 'pt', ['es', 'pt']],
    [undefined, 'en', ['en']],
    ['not a locale!', 'en', ['en']],
    ['zh-Hant-TW', 'es', ['zh-Hant-TW', 'zh-Hant', 'zh', 'es']],
  ])('%s with default %s -> %j', (locale, fallback, expected) => {
    expect(localeChain(locale, fallback)).toEqual(expected);
  });

  it('normalizes case and separators', () => {
    expect(normalizeLocale('ES_mx')).toBe('es-MX');
    expect(normalizeLocale('')).toBeUndefined();
  });

  it('picks the first available locale, case-insensitively', () => {
    expect(pickLocale(['es-MX', 'es', 'en'], ['en', 'es', 'pt'])).toBe('es');
    expect(pickLocale(['pt-BR', 'pt', 'en'], ['pt-br', 'pt'])).toBe('pt-br');
    expect(pickLocale(['xx'], ['en'])).toBeUndefined();
  });
});

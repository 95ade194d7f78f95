import { BoundedMemo } from './bounded-memo';

/** Tags as given -> canonical (or undefined): asked for several times per email. */
const canonical = new BoundedMemo<string | undefined>(1000);

/** `es_mx` / `ES-mx` -> `es-MX`; undefined when it is not a usable BCP 47 tag. */
export function normalizeLocale(locale: string | undefined | null): string | undefined {
  if (!locale) return undefined;
  return canonical.get(locale, () => {
    const tag = locale.trim().replace(/_/g, '-');
    if (!/^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$/i.test(tag)) return undefined;
    try {
      return Intl.getCanonicalLocales(tag)[0];
    } catch {
      return undefined;
    }
  });
}

/**
 * The locales to try, most specific first, ending with the default:
 * `es-MX` -> [`es-MX`, `es`, `en`]; `pt-BR` -> [`pt-BR`, `pt`, `en`]; `xx` -> [`xx`, `en`].
 */
export function localeChain(locale: string | undefined | null, defaultLocale = 'en'): string[] {
  const chain: string[] = [];
  const push = (tag: string | undefined): void => {
    if (tag && !chain.some((c) => c.toLowerCase() === tag.toLowerCase())) chain.push(tag);
  };
  const normalized = normalizeLocale(locale);
  if (normalized) {
    const parts = normalized.split('-');
    for (let n = parts.length; n > 0; n -= 1) push(parts.slice(0, n).join('-'));
  }
  push(normalizeLocale(defaultLocale) ?? 'en');
  return chain;
}

/** The first locale of the chain that `available` has (case-insensitive), as spelled there. */
export function pickLocale(chain: string[], available: Iterable<string>): string | undefined {
  const byLower = new Map<string, string>();
  for (const locale of available) byLower.set(locale.toLowerCase(), locale);
  for (const candidate of chain) {
    const hit = byLower.get(candidate.toLowerCase());
    if (hit) return hit;
  }
  return undefined;
}

/** Same language (`es-MX` and `es`): then the customer's regional formatting is kept. */
export function sameLanguage(a: string, b: string): boolean {
  return a.split('-')[0].toLowerCase() === b.split('-')[0].toLowerCase();
}

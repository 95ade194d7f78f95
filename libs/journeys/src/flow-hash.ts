import { createHash } from 'node:crypto';

/** Hex SHA-256 of `text`, cut to `length` characters. */
export function shortHash(text: string, length = 16): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, length);
}

/**
 * Version of a published flow: a hash of its YAML source with line endings normalised, so the
 * same file always gets the same version and any edit gets a new one.
 */
export function flowContentHash(source: string): string {
  return shortHash(source.replace(/\r\n?/g, '\n'), 16);
}

/** JSON with object keys sorted, so equal values hash equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * A stable bucket in [0, 100) for `key` (used by `split`): the same journey and step always land
 * in the same variant, and keys spread evenly.
 */
export function percentBucket(key: string): number {
  const value = parseInt(createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 8), 16);
  return (value / 0x100000000) * 100;
}

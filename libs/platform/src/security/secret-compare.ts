import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares a secret the caller sent with one we hold, in time that does not depend on where they
 * differ (both are hashed to equal-length digests first, so their lengths do not leak either).
 */
export function secretEquals(given: string | Buffer, expected: string | Buffer): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && Buffer.byteLength(given) === Buffer.byteLength(expected);
}

/** Whether `given` is one of `keys`; every key is compared, so the time does not tell which. */
export function matchesAnyKey(given: string | undefined, keys: readonly string[]): boolean {
  if (!given) return false;
  let found = false;
  for (const key of keys) found = secretEquals(given, key) || found;
  return found;
}

/** The token of an `Authorization: Bearer <token>` header, if any. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value ?? '');
  return match?.[1];
}

import { createHash } from 'node:crypto';

/** Short, stable hash of some strings; used as the compile-cache key and the template version. */
export function contentHash(...parts: ReadonlyArray<string | undefined>): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(part ?? '\u0000undefined');
    hash.update('\u0000');
  }
  return hash.digest('hex').slice(0, 16);
}

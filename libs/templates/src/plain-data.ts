type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain };

const MAX_DEPTH = 32;

/**
 * A JSON-shaped copy of template input: functions, symbols and class behaviour are dropped, Dates
 * become ISO strings and `__proto__` keys are skipped. Templates only ever see data, never code.
 */
export function toPlainData(value: unknown, depth = 0, seen = new WeakSet<object>()): Plain | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value !== 'object' || depth > MAX_DEPTH) return undefined;
  if (seen.has(value)) return null;
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => toPlainData(item, depth + 1, seen) ?? null);
    const out: { [key: string]: Plain } = {};
    for (const [key, child] of Object.entries(value)) {
      if (key === '__proto__') continue;
      const plain = toPlainData(child, depth + 1, seen);
      if (plain !== undefined) out[key] = plain;
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

export function toPlainObject(value: unknown): { [key: string]: Plain } {
  const plain = toPlainData(value);
  return plain && typeof plain === 'object' && !Array.isArray(plain) ? plain : {};
}

/** Turns nested YAML (`footer: { unsubscribe: ... }`) into flat keys (`footer.unsubscribe`). */
export function flattenStrings(value: unknown, prefix = ''): { entries: Record<string, string>; errors: string[] } {
  const entries: Record<string, string> = {};
  const errors: string[] = [];
  const visit = (node: unknown, path: string): void => {
    if (typeof node === 'string' || typeof node === 'number') {
      entries[path] = String(node);
    } else if (node && typeof node === 'object' && !Array.isArray(node)) {
      for (const [key, child] of Object.entries(node)) {
        if (key === '__proto__') continue;
        visit(child, path ? `${path}.${key}` : key);
      }
    } else {
      errors.push(`${path || '(root)'}: expected text or a group of texts`);
    }
  };
  visit(value, prefix);
  return { entries, errors };
}

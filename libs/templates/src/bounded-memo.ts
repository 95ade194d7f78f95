/**
 * Values built once per key and kept, up to `limit` keys; when full, everything is forgotten and
 * built again as asked (the keys seen in practice are few: locales, currencies, styles). For
 * values that cost more to build than to use, such as `Intl` formatters.
 */
export class BoundedMemo<V> {
  private readonly values = new Map<string, V>();

  constructor(private readonly limit: number) {}

  get(key: string, build: () => V): V {
    if (this.values.has(key)) return this.values.get(key) as V;
    const value = build();
    if (this.values.size >= this.limit) this.values.clear();
    this.values.set(key, value);
    return value;
  }
}

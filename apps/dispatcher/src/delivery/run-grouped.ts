/**
 * Runs `work` on every item, items of one group strictly one after another (in order), different
 * groups side by side, at most `concurrency` at a time. Used to send one customer's emails in
 * order while other customers' emails go in parallel.
 */
export async function runGrouped<T>(
  items: readonly T[],
  groupOf: (item: T) => string,
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = groupOf(item);
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  const queue = [...groups.values()];
  const errors: unknown[] = [];
  const worker = async (): Promise<void> => {
    for (let group = queue.shift(); group; group = queue.shift()) {
      for (const item of group) {
        try {
          await work(item);
        } catch (error) {
          errors.push(error);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, queue.length)) }, worker));
  if (errors.length > 0) throw errors[0];
}

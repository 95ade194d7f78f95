import { runGrouped } from './run-grouped';

describe('runGrouped', () => {
  it('keeps each group in order and runs groups side by side within the limit', async () => {
    const log: string[] = [];
    let running = 0;
    let peak = 0;
    const items = ['a1', 'b1', 'a2', 'c1', 'b2', 'a3', 'd1'];
    await runGrouped(
      items,
      (i) => i[0],
      2,
      async (item) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5));
        log.push(item);
        running--;
      },
    );
    expect(peak).toBe(2);
    expect(log.filter((i) => i.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
    expect(log.filter((i) => i.startsWith('b'))).toEqual(['b1', 'b2']);
    expect(log).toHaveLength(items.length);
  });

  it('finishes the other items before reporting an error', async () => {
    const done: string[] = [];
    await expect(
      runGrouped(
        ['x', 'y', 'z'],
        (i) => i,
        1,
        async (item) => {
          if (item === 'x') throw new Error('boom');
          done.push(item);
        },
      ),
    ).rejects.toThrow('boom');
    expect(done).toEqual(['y', 'z']);
  });
});

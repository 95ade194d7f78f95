import { WriteCoalescer } from './write-coalescer';

describe('WriteCoalescer', () => {
  it('joins calls made while a statement is in flight into the next statement, each with its own result', async () => {
    const statements: number[][] = [];
    let release: () => void = () => undefined;
    const coalescer = new WriteCoalescer<number, number>(async (items) => {
      statements.push(items);
      if (statements.length === 1) await new Promise<void>((r) => (release = r));
      return items.map((i) => i * 10);
    });
    const first = coalescer.run(1);
    await Promise.resolve();
    await Promise.resolve();
    const later = [coalescer.run(2), coalescer.run(3), coalescer.run(4)];
    release();
    expect(await first).toBe(10);
    expect(await Promise.all(later)).toEqual([20, 30, 40]);
    expect(statements).toEqual([[1], [2, 3, 4]]);
  });

  it('rejects every call of a failed statement and goes on with the next one', async () => {
    let fail = true;
    const coalescer = new WriteCoalescer<string, string>(async (items) => {
      if (fail) {
        fail = false;
        throw new Error('connection lost');
      }
      return items;
    });
    const failed = [coalescer.run('a'), coalescer.run('b')];
    await expect(Promise.all(failed)).rejects.toThrow('connection lost');
    await expect(failed[1]).rejects.toThrow('connection lost');
    expect(await coalescer.run('c')).toBe('c');
  });

  it('caps the rows of one statement', async () => {
    const sizes: number[] = [];
    const coalescer = new WriteCoalescer<number, number>(async (items) => {
      sizes.push(items.length);
      return items;
    }, 2);
    await Promise.all([1, 2, 3, 4, 5].map((i) => coalescer.run(i)));
    expect(sizes).toEqual([2, 2, 1]);
  });
});

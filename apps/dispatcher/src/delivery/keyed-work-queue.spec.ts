import { KeyedWorkQueue } from './keyed-work-queue';

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('KeyedWorkQueue', () => {
  it('keeps each key in order across pushes and runs keys side by side within the limit', async () => {
    const log: string[] = [];
    let running = 0;
    let peak = 0;
    const queue = new KeyedWorkQueue<string>(
      2,
      (item) => item[0],
      async (item) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 2));
        log.push(item);
        running--;
      },
      () => undefined,
    );
    const first = queue.push(['a1', 'b1', 'a2', 'c1']);
    const second = queue.push(['b2', 'a3', 'd1']);
    await Promise.all([first, second]);
    expect(peak).toBe(2);
    expect(log.filter((i) => i.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
    expect(log.filter((i) => i.startsWith('b'))).toEqual(['b1', 'b2']);
    expect(log).toHaveLength(7);
    expect(queue.pending).toBe(0);
  });

  it('starts a later push of another key while an earlier key is still at work', async () => {
    const slow = gate();
    const done: string[] = [];
    const queue = new KeyedWorkQueue<string>(
      2,
      (item) => item[0],
      async (item) => {
        if (item === 'a1') await slow.opened;
        done.push(item);
      },
      () => undefined,
    );
    const first = queue.push(['a1']);
    await queue.push(['b1']);
    expect(done).toEqual(['b1']);
    slow.open();
    await first;
    expect(done).toEqual(['b1', 'a1']);
  });

  it('puts overdue work ahead of the keys waiting', async () => {
    const first = gate();
    const order: string[] = [];
    const queue = new KeyedWorkQueue<string>(
      1,
      (item) => item,
      async (item) => {
        if (item === 'a') await first.opened;
        order.push(item);
      },
      () => undefined,
    );
    const waiting = queue.push(['a', 'b', 'c']);
    const retry = queue.push(['r'], true);
    first.open();
    await Promise.all([waiting, retry]);
    expect(order).toEqual(['a', 'r', 'b', 'c']);
  });

  it('reports a failing item and goes on with its key', async () => {
    const errors: string[] = [];
    const done: string[] = [];
    const queue = new KeyedWorkQueue<string>(
      1,
      () => 'k',
      async (item) => {
        if (item === 'x') throw new Error('boom');
        done.push(item);
      },
      (error, item) => errors.push(`${item}: ${(error as Error).message}`),
    );
    await queue.push(['x', 'y', 'z']);
    expect(errors).toEqual(['x: boom']);
    expect(done).toEqual(['y', 'z']);
  });

  it('lets a producer wait for room, and tells when everything is done', async () => {
    const release = gate();
    const queue = new KeyedWorkQueue<number>(
      4,
      (item) => String(item),
      () => release.opened,
      () => undefined,
    );
    void queue.push([1, 2, 3]);
    let roomAt: number | undefined;
    const room = queue.whenRoom(2).then(() => (roomAt = queue.pending));
    await new Promise((r) => setImmediate(r));
    expect(roomAt).toBeUndefined();
    release.open();
    await room;
    expect(roomAt).toBeLessThan(2);
    await queue.idle();
    expect(queue.pending).toBe(0);
  });
});

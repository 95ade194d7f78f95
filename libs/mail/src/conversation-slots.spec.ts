import { ConversationSlots } from './conversation-slots';

const tick = () => new Promise((r) => setImmediate(r));

describe('ConversationSlots', () => {
  it('lets `size` holders in at once and the rest in the order they asked', async () => {
    const slots = new ConversationSlots(2);
    const order: number[] = [];
    const releases: Array<() => void> = [];
    for (let i = 0; i < 5; i++) {
      void slots.acquire().then((release) => {
        order.push(i);
        releases.push(release);
      });
    }
    await tick();
    expect(order).toEqual([0, 1]);
    expect(slots.busy).toBe(2);
    releases[1]();
    await tick();
    expect(order).toEqual([0, 1, 2]);
    releases[0]();
    releases[0](); // a second release of the same slot frees nothing more
    await tick();
    expect(order).toEqual([0, 1, 2, 3]);
    expect(slots.busy).toBe(2);
    releases[2]();
    releases[3]();
    await tick();
    expect(order).toEqual([0, 1, 2, 3, 4]);
    releases[4]();
    expect(slots.busy).toBe(0);
  });
});

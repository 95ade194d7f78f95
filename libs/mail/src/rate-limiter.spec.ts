import { RateLimiter } from './rate-limiter';

function virtualTime() {
  let t = 0;
  return { now: () => t, sleep: async (ms: number) => void (t += ms), elapsed: () => t };
}

describe('rate limiter', () => {
  it('lets a burst of one second through, then paces', async () => {
    const clock = virtualTime();
    const limiter = new RateLimiter(10, clock.now, clock.sleep);
    for (let i = 0; i < 10; i++) await limiter.acquire();
    expect(clock.elapsed()).toBe(0);
    for (let i = 0; i < 20; i++) await limiter.acquire();
    expect(clock.elapsed()).toBeGreaterThanOrEqual(2000);
    expect(clock.elapsed()).toBeLessThan(2100);
  });

  it('with 0 does not limit', async () => {
    const clock = virtualTime();
    const limiter = new RateLimiter(0, clock.now, clock.sleep);
    await Promise.all(Array.from({ length: 1000 }, () => limiter.acquire()));
    expect(clock.elapsed()).toBe(0);
  });

  it('serves concurrent callers in order at the rate', async () => {
    const clock = virtualTime();
    const limiter = new RateLimiter(2, clock.now, clock.sleep);
    const order: number[] = [];
    await Promise.all([0, 1, 2, 3, 4].map((i) => limiter.acquire().then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(clock.elapsed()).toBeGreaterThanOrEqual(1500);
  });
});

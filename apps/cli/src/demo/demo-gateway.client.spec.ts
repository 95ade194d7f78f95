import { LinkPacer } from './demo-gateway.client';
import { defaultResponseRate } from './demo.runner';

describe('LinkPacer', () => {
  it('lets a small burst through, then the rate of the limit', () => {
    let now = 0;
    const pacer = new LinkPacer(120, 60, () => now); // 2 per second
    let taken = 0;
    while (pacer.tryTake()) taken++;
    expect(taken).toBe(12); // a tenth of the limit at once
    now += 3_000;
    taken = 0;
    while (pacer.tryTake()) taken++;
    expect(taken).toBe(6);
    // over a whole window it never exceeds the limit
    taken = 0;
    for (let ms = 0; ms < 60_000; ms += 100) {
      now += 100;
      while (pacer.tryTake()) taken++;
    }
    expect(taken).toBeLessThanOrEqual(120);
    expect(pacer.used).toBe(12 + 6 + taken);
  });

  it('holds back after a 429 for the Retry-After', () => {
    let now = 0;
    const pacer = new LinkPacer(60, 60, () => now);
    pacer.penalize(5);
    expect(pacer.refused).toBe(1);
    now += 5_000;
    expect(pacer.tryTake()).toBe(false);
    now += 1_000;
    expect(pacer.tryTake()).toBe(true);
  });
});

describe('defaultResponseRate', () => {
  const base = { durationSeconds: 120, settleSeconds: 45, linkRateLimit: 120, linkRateWindowSeconds: 60 };

  it('answers as many surveys as the link rate limit lets through, at most 60 %', () => {
    expect(defaultResponseRate({ ...base, customers: 60 })).toBe(0.6);
    const big = defaultResponseRate({ ...base, customers: 2000 });
    expect(big).toBeGreaterThan(0.2);
    expect(big).toBeLessThan(0.5);
    expect(defaultResponseRate({ ...base, customers: 2000, newCustomers: 2000 })).toBeLessThan(big);
    expect(defaultResponseRate({ ...base, customers: 2000, linkRateLimit: 100_000 })).toBe(0.6);
  });
});

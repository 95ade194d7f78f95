import { DemoRandom } from './demo-random';

describe('DemoRandom', () => {
  const draws = (random: DemoRandom, n: number) => Array.from({ length: n }, () => random.next());

  it('gives the same numbers for the same seed, others for another seed', () => {
    expect(draws(new DemoRandom(42), 20)).toEqual(draws(new DemoRandom(42), 20));
    expect(draws(new DemoRandom(42), 20)).not.toEqual(draws(new DemoRandom(43), 20));
  });

  it('stays in its ranges', () => {
    const random = new DemoRandom(7);
    for (let i = 0; i < 2000; i++) {
      const x = random.next();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      const n = random.int(3, 5);
      expect([3, 4, 5]).toContain(n);
      const b = random.between(10, 20);
      expect(b).toBeGreaterThanOrEqual(10);
      expect(b).toBeLessThan(20);
    }
  });

  it('follows the weights roughly and never picks a zero weight', () => {
    const random = new DemoRandom(1);
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 10_000; i++)
      counts[
        random.weighted([
          ['a', 3],
          ['b', 1],
          ['c', 0],
        ] as const)
      ]++;
    expect(counts.c).toBe(0);
    expect(counts.a / counts.b).toBeGreaterThan(2.5);
    expect(counts.a / counts.b).toBeLessThan(3.5);
  });

  it('forks independent, repeatable streams by label', () => {
    const a = new DemoRandom(5).fork('customers');
    const b = new DemoRandom(5).fork('stories');
    expect(draws(new DemoRandom(5).fork('customers'), 5)).toEqual(draws(a, 5));
    expect(draws(new DemoRandom(5).fork('customers'), 5)).not.toEqual(draws(b, 5));
  });
});

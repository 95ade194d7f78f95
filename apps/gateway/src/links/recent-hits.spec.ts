import { RecentHits } from './recent-hits';

const at = (s: number) => new Date(Date.UTC(2026, 2, 1, 10, 0, s));

describe('RecentHits', () => {
  it('counts repeated hits of one key within the window once', () => {
    const hits = new RecentHits(60_000);
    const firsts = Array.from({ length: 200 }, (_, i) => hits.firstHit('cmd_1:open', at(i % 50))).filter(Boolean);
    expect(firsts).toHaveLength(1);
    expect(hits.firstHit('cmd_2:open', at(1))).toBe(true);
  });

  it('counts again after the window', () => {
    const hits = new RecentHits(10_000);
    expect(hits.firstHit('k', at(0))).toBe(true);
    expect(hits.firstHit('k', at(9))).toBe(false);
    expect(hits.firstHit('k', at(10))).toBe(true);
    expect(hits.firstHit('k', at(15))).toBe(false);
  });

  it('counts every hit with a zero window', () => {
    const hits = new RecentHits(0);
    expect([hits.firstHit('k', at(0)), hits.firstHit('k', at(0))]).toEqual([true, true]);
  });

  it('stays bounded, forgetting the oldest keys first', () => {
    const hits = new RecentHits(60_000, 3);
    for (const key of ['a', 'b', 'c', 'd']) expect(hits.firstHit(key, at(0))).toBe(true);
    expect(hits.firstHit('d', at(1))).toBe(false);
    expect(hits.firstHit('a', at(1))).toBe(true);
  });
});

import { npsFromCounts, rate, scaleSummary, wholeSeconds } from './kpi-math';

describe('kpi math', () => {
  it('NPS: % promoters − % detractors, rounded, null without answers', () => {
    // 3 promoters (9, 10, 10), 1 passive (8), 2 detractors (0, 6): (3 − 2) / 6 = 16.67 → 17
    const nps = npsFromCounts(
      new Map([
        [9, 1],
        [10, 2],
        [8, 1],
        [0, 1],
        [6, 1],
      ]),
    );
    expect(nps).toMatchObject({ responses: 6, promoters: 3, passives: 1, detractors: 2, score: 17 });
    expect(nps.distribution).toEqual([1, 0, 0, 0, 0, 0, 1, 0, 1, 1, 2]);
    expect(npsFromCounts([]).score).toBeNull();
    expect(npsFromCounts([5]).score).toBe(-100);
    expect(npsFromCounts(new Map([[10, 4]])).score).toBe(100);
  });

  it('CSAT / CES: mean and share of positive answers', () => {
    expect(
      scaleSummary(
        new Map([
          [5, 2],
          [4, 1],
          [1, 1],
        ]),
        4,
      ),
    ).toEqual({ responses: 4, average: 3.75, positive_rate: 0.75 });
    expect(scaleSummary(new Map(), 5)).toEqual({ responses: 0, average: null, positive_rate: null });
  });

  it('rates and seconds', () => {
    expect(rate(1, 3)).toBe(0.3333);
    expect(rate(0, 0)).toBeNull();
    expect(wholeSeconds('86399.6')).toBe(86400);
    expect(wholeSeconds(null)).toBeNull();
    expect(wholeSeconds(Number.NaN)).toBeNull();
  });
});

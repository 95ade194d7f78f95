import { recordCrash } from './crash-window';

const rule = { limit: 5, windowMs: 60_000 };

describe('recordCrash', () => {
  it('counts the crashes within the window and calls the limit-th one a crash loop', () => {
    let crashes: number[] = [];
    const verdicts = [0, 1000, 2000, 3000, 4000].map((at) => {
      const verdict = recordCrash(crashes, at, rule);
      crashes = verdict.recent;
      return [verdict.attempt, verdict.crashLoop];
    });
    expect(verdicts).toEqual([
      [1, false],
      [2, false],
      [3, false],
      [4, false],
      [5, true],
    ]);
  });

  it('forgets crashes older than the window, so a process that ran a while starts over at attempt 1', () => {
    const verdict = recordCrash([0, 1000, 2000, 3000], 63_001, rule);
    expect(verdict).toEqual({ recent: [63_001], attempt: 1, crashLoop: false });
  });

  it('keeps the ones still inside the window', () => {
    expect(recordCrash([0, 30_000, 50_000], 70_000, rule)).toEqual({
      recent: [30_000, 50_000, 70_000],
      attempt: 3,
      crashLoop: false,
    });
  });

  it('with a limit of 1, the first crash stops everything', () => {
    expect(recordCrash([], 0, { limit: 1, windowMs: 1000 }).crashLoop).toBe(true);
  });
});

import { hasSettled, nextProvisional, ProvisionalAnswer } from './provisional-answer';

const timing = { settleMs: 10 * 60_000, burstMs: 10_000 };
const T0 = new Date('2026-03-01T10:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

/** The provisional answer after GETs of `scores`, each `stepMs` after the one before. */
function walk(scores: number[], stepMs: number, start: ProvisionalAnswer | null = null, offset = 0): ProvisionalAnswer {
  let state = start;
  scores.forEach((score, i) => (state = nextProvisional(state, score, at(offset + i * stepMs), timing)));
  return state!;
}

describe('provisional survey answers', () => {
  it('a single GET settles after the settle window, not before', () => {
    const state = walk([9], 0);
    expect(state).toMatchObject({ score: 9, burst: false, hits: 1, settleAt: at(timing.settleMs) });
    expect(hasSettled(state, at(timing.settleMs - 1))).toBe(false);
    expect(hasSettled(state, at(timing.settleMs))).toBe(true);
  });

  it('a scanner walking all 11 score links within seconds is a burst that never settles', () => {
    const state = walk([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50);
    expect(state.burst).toBe(true);
    expect(state.hits).toBe(11);
    expect(hasSettled(state, at(365 * 24 * 3_600_000))).toBe(false);
  });

  it('a scanner doing HEAD then GET of every link (each score twice) is a burst too', () => {
    expect(walk([0, 0, 1, 1, 2, 2], 20).burst).toBe(true);
  });

  it('the same score again (a reload) is not a burst and keeps its clock', () => {
    const state = walk([7, 7, 7], 1000);
    expect(state).toMatchObject({ score: 7, burst: false, hits: 3, settleAt: at(timing.settleMs) });
    const later = nextProvisional(state, 7, at(5 * 60_000), timing);
    expect(later.settleAt).toEqual(at(timing.settleMs));
  });

  it('alternating 8 and 3 quickly is a burst', () => {
    expect(
      walk(
        Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? 8 : 3)),
        100,
      ).burst,
    ).toBe(true);
  });

  it('a new score well after the last one starts its own clock', () => {
    const first = walk([8], 0);
    const second = nextProvisional(first, 3, at(60_000), timing);
    expect(second).toMatchObject({ score: 3, burst: false, hits: 1, settleAt: at(60_000 + timing.settleMs) });
  });

  it('a calm visit after a burst starts afresh (the customer, after the scanner)', () => {
    const burst = walk([0, 1, 2, 3], 10);
    expect(burst.burst).toBe(true);
    const customer = nextProvisional(burst, 2, at(30 * 60_000), timing);
    expect(customer).toMatchObject({ score: 2, burst: false, hits: 1, settleAt: at(30 * 60_000 + timing.settleMs) });
  });

  it('keeps a burst going while hits keep coming within the window, whatever the score', () => {
    const burst = walk([4, 5], 100);
    expect(nextProvisional(burst, 5, at(5_000), timing).burst).toBe(true);
  });
});

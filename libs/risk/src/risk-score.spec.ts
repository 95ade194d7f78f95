import fc from 'fast-check';
import { defaultRiskModel, parseRiskModel, RiskModel } from './risk-model.schema';
import type { RiskReasonCode } from './risk-reasons';
import { combineWeights, riskLevel, riskLookbackMs, RiskScore, scoreRisk } from './risk-score';
import type { RiskSignal } from './risk-signals';

const DAY = 86_400_000;
const NOW = new Date('2025-06-30T12:00:00.000Z');
const ago = (days: number) => new Date(NOW.getTime() - days * DAY).toISOString();
const model = defaultRiskModel;
const codesOf = (result: RiskScore) => result.reasons.map((reason) => reason.code).sort();
const score = (signals: RiskSignal[], now = NOW, m: RiskModel = model) => scoreRisk(signals, m, now);

const nps = (value: number, days: number): RiskSignal => ({
  kind: 'survey',
  survey: 'nps',
  score: value,
  at: ago(days),
});
const csat = (value: number, days: number): RiskSignal => ({
  kind: 'survey',
  survey: 'csat',
  score: value,
  at: ago(days),
});
const ces = (value: number, days: number): RiskSignal => ({
  kind: 'survey',
  survey: 'ces',
  score: value,
  at: ago(days),
});
const delivered = (orderId: string, days: number): RiskSignal => ({
  kind: 'delivered',
  order_id: orderId,
  at: ago(days),
});
const firstUse = (days: number, orderId?: string): RiskSignal =>
  orderId ? { kind: 'first_use', order_id: orderId, at: ago(days) } : { kind: 'first_use', at: ago(days) };
const purchase = (orderId: string, days: number): RiskSignal => ({
  kind: 'purchase',
  order_id: orderId,
  at: ago(days),
});
const ticket = (ticketId: string, days: number, reopened = false): RiskSignal => ({
  kind: 'ticket_opened',
  ticket_id: ticketId,
  reopened,
  at: ago(days),
});
const usage = (count: number, days: number): RiskSignal => ({ kind: 'usage', count, at: ago(days) });
/** `count` uses on each of the days from `from` down to `to` days ago. */
const dailyUsage = (count: number, from: number, to: number) =>
  Array.from({ length: from - to + 1 }, (_, index) => usage(count, from - index));

describe('scoreRisk: each signal on its own', () => {
  it.each<[string, RiskSignal[], RiskReasonCode[]]>([
    // detractor
    ['NPS 3 answered 10 days ago', [nps(3, 10)], ['detractor']],
    ['NPS 6 is still a detractor', [nps(6, 10)], ['detractor']],
    ['NPS 7 is not', [nps(7, 10)], []],
    ['NPS 3 older than the 90-day window', [nps(3, 91)], []],
    ['NPS 3 superseded by a later NPS 8', [nps(3, 20), nps(8, 5)], []],
    ['NPS 8 followed by NPS 2', [nps(8, 20), nps(2, 5)], ['detractor']],
    ['NPS 3 cleared by a later positive CSAT', [nps(3, 20), csat(5, 5)], []],
    ['NPS 3 not cleared by an earlier positive CSAT', [csat(5, 20), nps(3, 5)], ['detractor']],
    ['NPS 3 not cleared by a later neutral CSAT', [nps(3, 20), csat(3, 5)], ['detractor']],
    // low CSAT
    ['CSAT 2', [csat(2, 10)], ['low_csat']],
    ['CSAT 3', [csat(3, 10)], []],
    ['CSAT 1 older than the 60-day window', [csat(1, 61)], []],
    ['CSAT 1 cleared by a later NPS 10', [csat(1, 10), nps(10, 2)], []],
    // high effort
    ['CES 5', [ces(5, 10)], ['high_effort']],
    ['CES 4', [ces(4, 10)], []],
    ['CES 7 older than the window', [ces(7, 61)], []],
    ['CES 7 superseded by a later CES 2', [ces(7, 10), ces(2, 1)], []],
    // no first use
    ['delivered 10 days ago, never used', [delivered('o-1', 10)], ['no_first_use']],
    ['delivered 3 days ago: still in the grace period', [delivered('o-1', 3)], []],
    ['delivered 61 days ago: past the window', [delivered('o-1', 61)], []],
    ['first use of that order arrived', [delivered('o-1', 10), firstUse(1, 'o-1')], []],
    ['first use naming no order after the delivery', [delivered('o-1', 10), firstUse(1)], []],
    ['first use of another order', [delivered('o-1', 10), firstUse(1, 'o-2')], ['no_first_use']],
    ['first use naming no order before the delivery', [firstUse(20), delivered('o-1', 10)], ['no_first_use']],
    // refunds and returns
    ['refund 5 days ago', [{ kind: 'refund', order_id: 'o-1', at: ago(5) }], ['refund_requested']],
    ['refund older than the window', [{ kind: 'refund', order_id: 'o-1', at: ago(61) }], []],
    ['return 5 days ago', [{ kind: 'return', order_id: 'o-1', at: ago(5) }], ['return_requested']],
    ['return older than the window', [{ kind: 'return', order_id: 'o-1', at: ago(61) }], []],
    // tickets
    ['two tickets within 30 days', [ticket('t-1', 10), ticket('t-2', 5)], ['repeated_tickets']],
    ['one ticket', [ticket('t-1', 10)], []],
    ['the same ticket twice', [ticket('t-1', 10), ticket('t-1', 5)], []],
    ['two tickets, one outside the window', [ticket('t-1', 40), ticket('t-2', 5)], []],
    ['a reopened ticket', [ticket('t-1', 20), ticket('t-1', 5, true)], ['reopened_ticket']],
    ['a reopened ticket outside the window', [ticket('t-1', 40), ticket('t-1', 31, true)], []],
    // early bounce and unsubscribe
    ['hard bounce 5 days after a purchase', [purchase('o-1', 20), { kind: 'bounce', at: ago(15) }], ['early_bounce']],
    ['hard bounce with no purchase', [{ kind: 'bounce', at: ago(15) }], []],
    ['hard bounce 20 days after a purchase', [purchase('o-1', 35), { kind: 'bounce', at: ago(15) }], []],
    ['hard bounce before the purchase', [{ kind: 'bounce', at: ago(15) }, purchase('o-1', 10)], []],
    ['early hard bounce older than the window', [purchase('o-1', 40), { kind: 'bounce', at: ago(31) }], []],
    [
      'unsubscribe 2 days after a purchase',
      [purchase('o-1', 10), { kind: 'unsubscribe', at: ago(8) }],
      ['early_unsubscribe'],
    ],
    ['unsubscribe long after a purchase', [purchase('o-1', 100), { kind: 'unsubscribe', at: ago(8) }], []],
    // usage
    ['usage fell from 3 a day to almost nothing', [...dailyUsage(3, 35, 8), usage(2, 3)], ['usage_drop']],
    ['usage steady', dailyUsage(3, 35, 0), []],
    ['usage halved (above 30%)', [...dailyUsage(2, 35, 8), ...dailyUsage(1, 6, 0)], []],
    ['too little earlier usage to judge', [usage(1, 30), usage(1, 20)], []],
    ['no usage at all', [], []],
  ])('%s', (_name, signals, codes) => {
    const result = score(signals);
    expect(codesOf(result)).toEqual([...codes].sort());
    expect(result.score).toBe(combineWeights(result.reasons.map((reason) => reason.weight)));
  });

  it('ignores signals after now but schedules a review for them', () => {
    const future = new Date(NOW.getTime() + 3_600_000).toISOString();
    const result = score([{ kind: 'survey', survey: 'nps', score: 0, at: future }]);
    expect(result.reasons).toEqual([]);
    expect(result.nextReviewAt).toBe(future);
  });

  it('ignores signals whose time cannot be read', () => {
    expect(score([{ kind: 'refund', order_id: 'o-1', at: 'not a time' }])).toEqual({
      score: 0,
      level: 'low',
      reasons: [],
    });
  });

  it('rejects an invalid now', () => {
    expect(() => scoreRisk([], model, new Date('nope'))).toThrow(RangeError);
  });
});

describe('scoreRisk: reasons, levels and review times', () => {
  it('explains a detractor in plain English with weight and since', () => {
    expect(score([nps(3, 10)])).toEqual({
      score: 50,
      level: 'high',
      reasons: [
        {
          code: 'detractor',
          weight: 50,
          detail: `NPS answer of 3 on ${ago(10).slice(0, 10)} (a detractor: 0 to 6 out of 10)`,
          since: ago(10),
        },
      ],
      nextReviewAt: ago(10 - 90),
    });
  });

  it('tells when the silence after a delivery will begin', () => {
    const result = score([delivered('o-1', 3)]);
    expect(result.score).toBe(0);
    expect(result.nextReviewAt).toBe(ago(3 - 7));
  });

  it('dates silence from the end of the grace period and says how long it has lasted', () => {
    const [reason] = score([delivered('o-1', 10)]).reasons;
    expect(reason.since).toBe(ago(3));
    expect(reason.detail).toContain('No first use of order o-1 10 days after its delivery');
    expect(reason.detail).toContain('expected within 7 days');
  });

  it('keeps since at the start of an uninterrupted run', () => {
    const refunds: RiskSignal[] = [
      { kind: 'refund', order_id: 'o-1', at: ago(70) },
      { kind: 'refund', order_id: 'o-2', at: ago(20) },
    ];
    const [reason] = score(refunds).reasons;
    expect(reason.since).toBe(ago(70));
    expect(reason.detail).toBe(`Refund requested for order o-2 on ${ago(20).slice(0, 10)}`);
  });

  it('caps the sum of weights at 100 and lists heaviest reasons first', () => {
    const result = score([
      nps(2, 5),
      { kind: 'refund', order_id: 'o-1', at: ago(3) },
      ticket('t-1', 2, true),
      delivered('o-1', 12),
    ]);
    expect(result.score).toBe(100);
    expect(result.level).toBe('critical');
    expect(result.reasons.map((reason) => reason.code)).toEqual([
      'detractor',
      'no_first_use',
      'refund_requested',
      'reopened_ticket',
    ]);
  });

  it.each<[number, string]>([
    [0, 'low'],
    [29, 'low'],
    [30, 'medium'],
    [50, 'high'],
    [79, 'high'],
    [80, 'critical'],
    [100, 'critical'],
  ])('gives score %d the level %s', (value, level) => expect(riskLevel(value, model)).toBe(level));

  it('honours a custom model and switches off reasons with weight 0', () => {
    const custom = parseRiskModel('reasons:\n  detractor:\n    weight: 0\n  refund_requested:\n    weight: 12.4\n');
    const result = score([nps(1, 2), { kind: 'refund', order_id: 'o-1', at: ago(1) }], NOW, custom);
    expect(result.reasons.map((reason) => reason.code)).toEqual(['refund_requested']);
    expect(result.score).toBe(12);
    expect(result.level).toBe('low');
  });

  it('knows how far back signals matter', () => {
    expect(riskLookbackMs(model)).toBe(90 * DAY);
  });
});

// Properties ----------------------------------------------------------------------------------

const HOUR = 3_600_000;
/** Whole hours from 120 days before NOW to 5 days after, so ties and window edges happen. */
const atArb = fc
  .integer({ min: -120 * 24, max: 5 * 24 })
  .map((hours) => new Date(NOW.getTime() + hours * HOUR).toISOString());
const orderArb = fc.constantFrom('o-1', 'o-2', 'o-3');

const negativeSignalArb: fc.Arbitrary<RiskSignal> = fc.oneof(
  fc.record({
    kind: fc.constant('survey' as const),
    survey: fc.constant('nps' as const),
    score: fc.integer({ min: 0, max: 6 }),
    at: atArb,
  }),
  fc.record({
    kind: fc.constant('survey' as const),
    survey: fc.constant('csat' as const),
    score: fc.integer({ min: 1, max: 2 }),
    at: atArb,
  }),
  fc.record({
    kind: fc.constant('survey' as const),
    survey: fc.constant('ces' as const),
    score: fc.integer({ min: 5, max: 7 }),
    at: atArb,
  }),
  fc.record({ kind: fc.constantFrom('refund' as const, 'return' as const), order_id: orderArb, at: atArb }),
  fc.record({
    kind: fc.constant('ticket_opened' as const),
    ticket_id: fc.constantFrom('t-1', 't-2', 't-3'),
    reopened: fc.boolean(),
    at: atArb,
  }),
  fc.record({ kind: fc.constantFrom('bounce' as const, 'unsubscribe' as const), at: atArb }),
  fc.record({ kind: fc.constant('purchase' as const), order_id: orderArb, at: atArb }),
);

const signalArb: fc.Arbitrary<RiskSignal> = fc.oneof(
  negativeSignalArb,
  // A delivery is not negative by itself: an earlier delivery of the same order moves the silence
  // window, so a first use that came before the later delivery now counts and ends the silence.
  fc.record({ kind: fc.constant('delivered' as const), order_id: orderArb, at: atArb }),
  fc.record({
    kind: fc.constant('survey' as const),
    survey: fc.constantFrom('nps' as const, 'csat' as const, 'ces' as const),
    score: fc.integer({ min: 1, max: 5 }),
    at: atArb,
  }),
  fc.record({ kind: fc.constant('first_use' as const), order_id: orderArb, at: atArb }),
  fc.record({ kind: fc.constant('first_use' as const), at: atArb }),
  fc.record({ kind: fc.constant('usage' as const), count: fc.integer({ min: 0, max: 20 }), at: atArb }),
);

const signalsArb = fc.array(signalArb, { maxLength: 40 });

describe('scoreRisk: properties', () => {
  it('does not depend on the order of the signals', () => {
    fc.assert(
      fc.property(
        signalsArb.chain((signals) =>
          fc.tuple(
            fc.constant(signals),
            fc.shuffledSubarray(signals, { minLength: signals.length, maxLength: signals.length }),
          ),
        ),
        ([signals, shuffled]) => {
          expect(score(shuffled)).toEqual(score(signals));
        },
      ),
    );
  });

  it('never lowers the score when a negative signal is added', () => {
    fc.assert(
      fc.property(signalsArb, negativeSignalArb, fc.nat(), (signals, extra, position) => {
        const withExtra = [...signals];
        withExtra.splice(position % (signals.length + 1), 0, extra);
        expect(score(withExtra).score).toBeGreaterThanOrEqual(score(signals).score);
      }),
    );
  });

  it('returns an integer score in 0..100 with its level, and sane times', () => {
    fc.assert(
      fc.property(signalsArb, (signals) => {
        const result = score(signals);
        expect(Number.isInteger(result.score)).toBe(true);
        expect(result.score).toBeGreaterThanOrEqual(0);
        expect(result.score).toBeLessThanOrEqual(100);
        expect(result.level).toBe(riskLevel(result.score, model));
        expect(new Set(result.reasons.map((reason) => reason.code)).size).toBe(result.reasons.length);
        for (const reason of result.reasons) expect(Date.parse(reason.since)).toBeLessThanOrEqual(NOW.getTime());
        if (result.nextReviewAt) expect(Date.parse(result.nextReviewAt)).toBeGreaterThan(NOW.getTime());
      }),
    );
  });

  it('keeps the reasons until nextReviewAt and changes them there', () => {
    fc.assert(
      fc.property(signalsArb, fc.double({ min: 0, max: 1, noNaN: true }), (signals, fraction) => {
        const result = score(signals);
        if (!result.nextReviewAt) return;
        const next = Date.parse(result.nextReviewAt);
        const between = new Date(NOW.getTime() + Math.floor((next - 1 - NOW.getTime()) * fraction));
        expect(codesOf(score(signals, between))).toEqual(codesOf(result));
        expect(codesOf(score(signals, new Date(next)))).not.toEqual(codesOf(result));
      }),
    );
  });

  it('gives since as the start of the run: the reason holds then and not a moment before', () => {
    fc.assert(
      fc.property(signalsArb, (signals) => {
        for (const reason of score(signals).reasons) {
          const since = Date.parse(reason.since);
          expect(codesOf(score(signals, new Date(since)))).toContain(reason.code);
          expect(codesOf(score(signals, new Date(since - 1)))).not.toContain(reason.code);
        }
      }),
    );
  });
});

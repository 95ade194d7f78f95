import { alertingReasons, alertReasonsToRaise, riskChanged } from './risk-change';
import { defaultRiskModel } from './risk-model.schema';
import type { RiskReasonCode } from './risk-reasons';
import { RiskReason, riskLevel, RiskScore } from './risk-score';

const model = defaultRiskModel;
const reason = (code: RiskReasonCode, weight: number): RiskReason => ({
  code,
  weight,
  detail: code,
  since: '2025-06-01T00:00:00.000Z',
});
const result = (...reasons: RiskReason[]): RiskScore => {
  const score = Math.min(
    100,
    reasons.reduce((sum, r) => sum + r.weight, 0),
  );
  return { score, level: riskLevel(score, model), reasons };
};

describe('riskChanged', () => {
  it.each<[string, RiskScore | null, RiskScore, boolean]>([
    ['first score with no risk', null, result(), false],
    ['first score with a reason', null, result(reason('high_effort', 30)), true],
    ['nothing moved', result(reason('detractor', 50)), result(reason('detractor', 50)), false],
    [
      'level changed',
      result(reason('high_effort', 30)),
      result(reason('high_effort', 30), reason('early_bounce', 25)),
      true,
    ],
    ['reason swapped at the same score', result(reason('detractor', 50)), result(reason('low_csat', 50)), true],
    [
      'score moved by the delta',
      { score: 55, level: 'high', reasons: [] },
      { score: 65, level: 'high', reasons: [] },
      true,
    ],
    [
      'score moved less than the delta',
      { score: 55, level: 'high', reasons: [] },
      { score: 64, level: 'high', reasons: [] },
      false,
    ],
  ])('%s -> %s', (_name, previous, next, expected) => {
    expect(riskChanged(previous, next, model)).toBe(expected);
  });

  it('ignores a detail or since that changed alone', () => {
    const before = result(reason('refund_requested', 50));
    const after = result({
      ...reason('refund_requested', 50),
      detail: 'two refunds',
      since: '2025-05-01T00:00:00.000Z',
    });
    expect(riskChanged(before, after)).toBe(false);
  });

  it('uses the configured delta', () => {
    expect(
      riskChanged(
        { score: 55, level: 'high', reasons: [] },
        { score: 58, level: 'high', reasons: [] },
        { change_delta: 3 },
      ),
    ).toBe(true);
  });
});

describe('alertReasonsToRaise', () => {
  it('raises every reason when the score first reaches the threshold', () => {
    const next = result(reason('high_effort', 30), reason('reopened_ticket', 30));
    expect(alertReasonsToRaise(result(reason('high_effort', 30)), next, model)).toEqual({
      raise: next.reasons,
      clear: [],
    });
  });

  it('raises only the new reason when already alerting', () => {
    const previous = result(reason('detractor', 50));
    const next = result(reason('detractor', 50), reason('refund_requested', 50));
    expect(alertReasonsToRaise(previous, next, model)).toEqual({ raise: [next.reasons[1]], clear: [] });
  });

  it('raises nothing below the threshold', () => {
    expect(alertReasonsToRaise(null, result(reason('high_effort', 30)), model)).toEqual({ raise: [], clear: [] });
  });

  it('clears a reason that recovered (first use came)', () => {
    const previous = result(reason('detractor', 50), reason('no_first_use', 50));
    expect(alertReasonsToRaise(previous, result(reason('detractor', 50)), model)).toEqual({
      raise: [],
      clear: [{ code: 'no_first_use', cause: 'recovered' }],
    });
  });

  it('clears what remains when the score falls under the threshold', () => {
    const previous = result(reason('high_effort', 30), reason('reopened_ticket', 30));
    expect(alertReasonsToRaise(previous, result(reason('high_effort', 30)), model).clear).toEqual([
      { code: 'high_effort', cause: 'below_threshold' },
      { code: 'reopened_ticket', cause: 'recovered' },
    ]);
  });

  it('lists the alerting reasons of a result', () => {
    expect(alertingReasons(result(reason('high_effort', 30)), model)).toEqual([]);
    expect(alertingReasons(result(reason('detractor', 50)), model)).toHaveLength(1);
    expect(alertingReasons(undefined, model)).toEqual([]);
  });
});

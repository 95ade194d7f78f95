import { defaultRiskModel, RiskModel } from './risk-model.schema';
import type { RiskReasonCode } from './risk-reasons';
import type { RiskReason, RiskScore } from './risk-score';

type Previous = Pick<RiskScore, 'score' | 'level' | 'reasons'> | null | undefined;

const NONE: Pick<RiskScore, 'score' | 'level' | 'reasons'> = { score: 0, level: 'low', reasons: [] };

const codes = (result: Pick<RiskScore, 'reasons'>) => new Set(result.reasons.map((reason) => reason.code));

/**
 * Whether a `risk.changed` event is due: the level changed, the score moved by at least
 * `model.change_delta`, or the set of reason codes changed. No previous score counts as score 0,
 * level low, no reasons. Changes of `detail`, `since` or `nextReviewAt` alone are not news.
 */
export function riskChanged(
  previous: Previous,
  next: Pick<RiskScore, 'score' | 'level' | 'reasons'>,
  model: Pick<RiskModel, 'change_delta'> = defaultRiskModel,
): boolean {
  const before = previous ?? NONE;
  if (before.level !== next.level) return true;
  if (Math.abs(before.score - next.score) >= model.change_delta) return true;
  const was = codes(before);
  const now = codes(next);
  return was.size !== now.size || [...now].some((code) => !was.has(code));
}

/**
 * The reasons a support alert should be open for: all present reasons while the score is at or
 * above `model.alert_threshold`, none below it.
 */
export function alertingReasons(result: Previous, model: Pick<RiskModel, 'alert_threshold'>): RiskReason[] {
  return result && result.score >= model.alert_threshold ? result.reasons : [];
}

export type RiskAlertClearCause = 'recovered' | 'below_threshold';

export interface RiskAlertChanges {
  /** Reasons that are alerting now and were not before: open one alert per customer and reason. */
  raise: RiskReason[];
  /**
   * Reasons that were alerting and no longer are: auto-resolve their alerts. `recovered` when the
   * reason itself is gone (first use came, a positive survey, a window passed); `below_threshold`
   * when it is still present but the score fell under the alert threshold.
   */
  clear: Array<{ code: RiskReasonCode; cause: RiskAlertClearCause }>;
}

/**
 * Alert transitions between two consecutive scores of one customer. An alert for a reason is open
 * exactly while {@link alertingReasons} contains it, so applying `raise` and `clear` after every
 * recompute keeps at most one open alert per customer and reason.
 */
export function alertReasonsToRaise(
  previous: Previous,
  next: Pick<RiskScore, 'score' | 'level' | 'reasons'>,
  model: Pick<RiskModel, 'alert_threshold'>,
): RiskAlertChanges {
  const was = new Set(alertingReasons(previous, model).map((reason) => reason.code));
  const nowAlerting = alertingReasons(next, model);
  const isAlerting = new Set(nowAlerting.map((reason) => reason.code));
  const present = codes(next);
  return {
    raise: nowAlerting.filter((reason) => !was.has(reason.code)),
    clear: [...was]
      .filter((code) => !isAlerting.has(code))
      .map((code) => ({ code, cause: present.has(code) ? 'below_threshold' : 'recovered' })),
  };
}

import { durationMs } from './risk-duration';
import type { RiskModel } from './risk-model.schema';
import { indexSignals, REASON_RULES, RISK_REASON_CODES, RiskFacts, RiskReasonCode, ReasonRule } from './risk-reasons';
import type { CustomerSignals } from './risk-signals';

export type RiskLevel = 'low' | 'medium' | 'high' | 'critical';

export interface RiskReason {
  code: RiskReasonCode;
  /** Points this reason adds (model.reasons.<code>.weight). */
  weight: number;
  /** Plain English for a support lead, e.g. "NPS answer of 3 on 2025-03-02 (a detractor: 0 to 6 out of 10)". */
  detail: string;
  /** ISO instant since which the reason has held without interruption, judging by the signals given. */
  since: string;
}

export interface RiskScore {
  /** Integer 0..100: the sum of the present reasons' weights, rounded and capped at 100. */
  score: number;
  level: RiskLevel;
  /** Heaviest first; equal weights in {@link RISK_REASON_CODES} order. */
  reasons: RiskReason[];
  /**
   * ISO instant at which, with no new signal, the set of reasons will change (a silence window
   * passes, a window expires, a usage period rolls over). Schedule a recompute then. Absent when
   * nothing will change by itself.
   */
  nextReviewAt?: string;
}

/** The level of a score: at or above `levels.critical`, `levels.high`, `levels.medium`, else low. */
export function riskLevel(score: number, model: Pick<RiskModel, 'levels'>): RiskLevel {
  const { levels } = model;
  if (score >= levels.critical) return 'critical';
  if (score >= levels.high) return 'high';
  if (score >= levels.medium) return 'medium';
  return 'low';
}

/** Combines reason weights: sum, rounded to an integer, capped at 100. */
export function combineWeights(weights: readonly number[]): number {
  const sum = weights.reduce((total, weight) => total + weight, 0);
  return Math.min(100, Math.max(0, Math.round(sum)));
}

/**
 * How far back signals can matter to the score and `nextReviewAt` (milliseconds). Signals older
 * than `now - riskLookbackMs(model)` may be dropped by the caller without changing them (only
 * `since` of a long-running reason may then come out later).
 */
export function riskLookbackMs(model: RiskModel): number {
  const r = model.reasons;
  return Math.max(
    durationMs(r.detractor.window),
    durationMs(r.low_csat.window),
    durationMs(r.high_effort.window),
    durationMs(r.no_first_use.window),
    durationMs(r.refund_requested.window),
    durationMs(r.return_requested.window),
    durationMs(r.repeated_tickets.window),
    durationMs(r.reopened_ticket.window),
    durationMs(r.early_bounce.window) + durationMs(r.early_bounce.within),
    durationMs(r.early_unsubscribe.window) + durationMs(r.early_unsubscribe.within),
    durationMs(r.usage_drop.recent) + durationMs(r.usage_drop.baseline),
  );
}

const uniqueSorted = (points: number[], order: 1 | -1) => [...new Set(points)].sort((a, b) => order * (a - b));

/** Start of the uninterrupted run, ending at `at`, during which the rule has held. */
function sinceOf(rule: ReasonRule, facts: RiskFacts, at: number, model: RiskModel): number {
  let since = at;
  for (const point of uniqueSorted(rule.points(facts, model), -1)) {
    if (point >= at) continue;
    if (!rule.holds(facts, point, model)) break;
    since = point;
  }
  return since;
}

/** First instant after `at` at which some rule's answer flips, if any. */
function nextChange(rules: readonly ReasonRule[], facts: RiskFacts, at: number, model: RiskModel): number | undefined {
  const held = new Map(rules.map((rule) => [rule, rule.holds(facts, at, model) !== null]));
  const due = new Map<number, ReasonRule[]>();
  for (const rule of rules) {
    for (const point of new Set(rule.points(facts, model))) {
      if (point <= at) continue;
      const list = due.get(point);
      if (list) list.push(rule);
      else due.set(point, [rule]);
    }
  }
  for (const point of uniqueSorted([...due.keys()], 1)) {
    let changed = false;
    for (const rule of due.get(point) ?? []) {
      const holds = rule.holds(facts, point, model) !== null;
      if (holds !== held.get(rule)) changed = true;
      held.set(rule, holds);
    }
    if (changed) return point;
  }
  return undefined;
}

/**
 * Scores a customer's churn risk from their signals at instant `now`. Pure and order-independent:
 * signals may come in any order; those after `now` are not counted yet (but bring `nextReviewAt`
 * forward to when they will be). A reason with weight 0 is off.
 */
export function scoreRisk(signals: CustomerSignals, model: RiskModel, now: Date): RiskScore {
  const at = now.getTime();
  if (Number.isNaN(at)) throw new RangeError('scoreRisk: `now` is an invalid Date');
  const facts = indexSignals(signals);
  const rules = REASON_RULES.filter((rule) => rule.weight(model) > 0);

  const reasons: RiskReason[] = [];
  for (const rule of rules) {
    const detail = rule.holds(facts, at, model);
    if (!detail) continue;
    reasons.push({
      code: rule.code,
      weight: rule.weight(model),
      detail: detail(),
      since: new Date(sinceOf(rule, facts, at, model)).toISOString(),
    });
  }
  reasons.sort((a, b) => b.weight - a.weight || RISK_REASON_CODES.indexOf(a.code) - RISK_REASON_CODES.indexOf(b.code));

  const score = combineWeights(reasons.map((reason) => reason.weight));
  const result: RiskScore = { score, level: riskLevel(score, model), reasons };
  const next = nextChange(rules, facts, at, model);
  if (next !== undefined) result.nextReviewAt = new Date(next).toISOString();
  return result;
}

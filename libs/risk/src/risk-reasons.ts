import { describeDuration, durationMs, wholeDays } from './risk-duration';
import type { RiskModel } from './risk-model.schema';
import type { CustomerSignals, RiskSignal, SurveyKind } from './risk-signals';

/** Every reason the model can give, in the order reasons of equal weight are listed. */
export const RISK_REASON_CODES = [
  'detractor',
  'low_csat',
  'high_effort',
  'no_first_use',
  'refund_requested',
  'return_requested',
  'repeated_tickets',
  'reopened_ticket',
  'early_bounce',
  'early_unsubscribe',
  'usage_drop',
] as const;

export type RiskReasonCode = (typeof RISK_REASON_CODES)[number];

type Timed<S> = S & { t: number };
type SurveyFact = Timed<Extract<RiskSignal, { kind: 'survey' }>>;
type OrderFact = Timed<{ order_id: string }>;
type TicketFact = Timed<Extract<RiskSignal, { kind: 'ticket_opened' }>>;
type InstantFact = Timed<{ at: string }>;
type FirstUseFact = Timed<Extract<RiskSignal, { kind: 'first_use' }>>;
type UsageFact = Timed<Extract<RiskSignal, { kind: 'usage' }>>;

/** The signals of one customer, grouped by kind and sorted by time. Signals with a bad `at` are dropped. */
export interface RiskFacts {
  surveys: SurveyFact[];
  delivered: OrderFact[];
  firstUses: FirstUseFact[];
  refunds: OrderFact[];
  returns: OrderFact[];
  tickets: TicketFact[];
  bounces: InstantFact[];
  unsubscribes: InstantFact[];
  purchases: OrderFact[];
  usage: UsageFact[];
}

const byTime = <T extends { t: number }>(a: T, b: T) => a.t - b.t;

/** The list of {@link RiskFacts} each kind of signal goes to (a signal of another kind is ignored). */
const FACT_LISTS = new Map<RiskSignal['kind'], keyof RiskFacts>([
  ['survey', 'surveys'],
  ['delivered', 'delivered'],
  ['first_use', 'firstUses'],
  ['refund', 'refunds'],
  ['return', 'returns'],
  ['ticket_opened', 'tickets'],
  ['bounce', 'bounces'],
  ['unsubscribe', 'unsubscribes'],
  ['purchase', 'purchases'],
  ['usage', 'usage'],
]);

export function indexSignals(signals: CustomerSignals): RiskFacts {
  const facts: RiskFacts = {
    surveys: [],
    delivered: [],
    firstUses: [],
    refunds: [],
    returns: [],
    tickets: [],
    bounces: [],
    unsubscribes: [],
    purchases: [],
    usage: [],
  };
  for (const signal of signals) {
    const t = Date.parse(signal.at);
    if (Number.isNaN(t)) continue;
    const list = FACT_LISTS.get(signal.kind);
    if (list !== undefined) (facts[list] as Array<{ t: number }>).push({ ...signal, t });
  }
  for (const list of Object.values(facts) as Array<Array<{ t: number }>>) list.sort(byTime);
  return facts;
}

/**
 * One reason's rule. `holds` answers "does the reason hold at instant `at`, from the facts that had
 * happened by then?"; `points` lists every instant at which that answer may change (signal times
 * and the edges of their windows). Together they give `since` and `nextReviewAt`.
 */
export interface ReasonRule {
  code: RiskReasonCode;
  weight(model: RiskModel): number;
  points(facts: RiskFacts, model: RiskModel): number[];
  /** A lazy plain-English detail when the reason holds; `null` when it does not. */
  holds(facts: RiskFacts, at: number, model: RiskModel): (() => string) | null;
}

const day = (t: number) => new Date(t).toISOString().slice(0, 10);
const known = <T extends { t: number }>(list: readonly T[], at: number) => list.filter((fact) => fact.t <= at);
const live = <T extends { t: number }>(list: readonly T[], at: number, window: number) =>
  list.filter((fact) => fact.t <= at && at < fact.t + window);
const edges = (list: ReadonlyArray<{ t: number }>, ...offsets: number[]) =>
  list.flatMap((fact) => [fact.t, ...offsets.map((offset) => fact.t + offset)]);
const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;
const round1 = (value: number) => Math.round(value * 10) / 10;

// Surveys ------------------------------------------------------------------------------------

const SURVEY_LABEL: Record<SurveyKind, string> = { nps: 'NPS', csat: 'CSAT', ces: 'CES' };

function isPositive(answer: SurveyFact, model: RiskModel): boolean {
  const positive = model.surveys.positive;
  if (answer.survey === 'nps') return answer.score >= positive.nps_min;
  if (answer.survey === 'csat') return answer.score >= positive.csat_min;
  return answer.score <= positive.ces_max;
}

interface SurveyRuleSpec {
  code: RiskReasonCode;
  survey: SurveyKind;
  config(model: RiskModel): { weight: number; window: string };
  isNegative(score: number, model: RiskModel): boolean;
  /** Lower is worse for NPS and CSAT, higher is worse for CES; picks between answers given at the same instant. */
  worse(a: number, b: number): boolean;
  describe(score: number, model: RiskModel): string;
}

/**
 * A survey reason holds while the customer's latest answer to that survey is negative, is younger
 * than the window, and no positive answer to any survey came after it (recovery supersedes).
 */
function surveyRule(spec: SurveyRuleSpec): ReasonRule {
  return {
    code: spec.code,
    weight: (model) => spec.config(model).weight,
    points(facts, model) {
      const window = durationMs(spec.config(model).window);
      const own = facts.surveys.filter((answer) => answer.survey === spec.survey);
      return [...edges(facts.surveys), ...own.map((answer) => answer.t + window)];
    },
    holds(facts, at, model) {
      let latest: SurveyFact | undefined;
      for (const answer of facts.surveys) {
        if (answer.survey !== spec.survey || answer.t > at) continue;
        if (!latest || answer.t > latest.t || (answer.t === latest.t && spec.worse(answer.score, latest.score)))
          latest = answer;
      }
      if (!latest || !spec.isNegative(latest.score, model)) return null;
      if (at >= latest.t + durationMs(spec.config(model).window)) return null;
      const answer = latest;
      if (facts.surveys.some((other) => other.t > answer.t && other.t <= at && isPositive(other, model))) return null;
      return () =>
        `${SURVEY_LABEL[spec.survey]} answer of ${answer.score} on ${day(answer.t)} (${spec.describe(answer.score, model)})`;
    },
  };
}

const detractorRule = surveyRule({
  code: 'detractor',
  survey: 'nps',
  config: (model) => model.reasons.detractor,
  isNegative: (score, model) => score <= model.reasons.detractor.max_score,
  worse: (a, b) => a < b,
  describe: (_score, model) => `a detractor: 0 to ${model.reasons.detractor.max_score} out of 10`,
});

const lowCsatRule = surveyRule({
  code: 'low_csat',
  survey: 'csat',
  config: (model) => model.reasons.low_csat,
  isNegative: (score, model) => score <= model.reasons.low_csat.max_score,
  worse: (a, b) => a < b,
  describe: (_score, model) => `low satisfaction: ${model.reasons.low_csat.max_score} or less out of 5`,
});

const highEffortRule = surveyRule({
  code: 'high_effort',
  survey: 'ces',
  config: (model) => model.reasons.high_effort,
  isNegative: (score, model) => score >= model.reasons.high_effort.min_score,
  worse: (a, b) => a > b,
  describe: (_score, model) => `high effort: ${model.reasons.high_effort.min_score} or more out of 7`,
});

// First use ----------------------------------------------------------------------------------

/**
 * Holds while some delivered order has had no first use for `after`, until `window` after its
 * delivery. A first use naming the order ends its silence; one naming no order ends the silence of
 * every order delivered before it.
 */
const noFirstUseRule: ReasonRule = {
  code: 'no_first_use',
  weight: (model) => model.reasons.no_first_use.weight,
  points(facts, model) {
    const { after, window } = model.reasons.no_first_use;
    return [...edges(facts.delivered, durationMs(after), durationMs(window)), ...edges(facts.firstUses)];
  },
  holds(facts, at, model) {
    const after = durationMs(model.reasons.no_first_use.after);
    const window = durationMs(model.reasons.no_first_use.window);
    const deliveries = new Map<string, number>();
    for (const delivery of known(facts.delivered, at)) {
      const seen = deliveries.get(delivery.order_id);
      if (seen === undefined || delivery.t < seen) deliveries.set(delivery.order_id, delivery.t);
    }
    const uses = known(facts.firstUses, at);
    const silent = [...deliveries]
      .filter(([, delivered]) => at >= delivered + after && at < delivered + window)
      .filter(
        ([orderId, delivered]) =>
          !uses.some((use) => use.order_id === orderId || (use.order_id === undefined && use.t >= delivered)),
      )
      .sort(([a, ta], [b, tb]) => ta - tb || a.localeCompare(b));
    if (silent.length === 0) return null;
    return () => {
      const expected = `expected within ${describeDuration(after)}`;
      if (silent.length === 1) {
        const [orderId, delivered] = silent[0];
        return `No first use of order ${orderId} ${plural(wholeDays(at - delivered), 'day')} after its delivery on ${day(delivered)} (${expected})`;
      }
      const orders = silent.map(([orderId]) => orderId).join(', ');
      return `No first use of ${silent.length} delivered orders (${orders}) within ${describeDuration(after)} of their delivery`;
    };
  },
};

// Refunds and returns ------------------------------------------------------------------------

function orderRequestRule(
  code: RiskReasonCode,
  noun: 'Refund' | 'Return',
  pick: (facts: RiskFacts) => OrderFact[],
  config: (model: RiskModel) => { weight: number; window: string },
): ReasonRule {
  return {
    code,
    weight: (model) => config(model).weight,
    points: (facts, model) => edges(pick(facts), durationMs(config(model).window)),
    holds(facts, at, model) {
      const requests = live(pick(facts), at, durationMs(config(model).window));
      if (requests.length === 0) return null;
      return () => {
        const orders = [...new Set(requests.map((request) => request.order_id))];
        const latest = requests[requests.length - 1];
        if (orders.length === 1) return `${noun} requested for order ${orders[0]} on ${day(latest.t)}`;
        return `${noun}s requested for ${orders.length} orders (${orders.join(', ')}), the latest on ${day(latest.t)}`;
      };
    },
  };
}

const refundRule = orderRequestRule(
  'refund_requested',
  'Refund',
  (facts) => facts.refunds,
  (model) => model.reasons.refund_requested,
);
const returnRule = orderRequestRule(
  'return_requested',
  'Return',
  (facts) => facts.returns,
  (model) => model.reasons.return_requested,
);

// Tickets ------------------------------------------------------------------------------------

/** Holds while at least `min_count` distinct tickets were opened (or reopened) within the window. */
const repeatedTicketsRule: ReasonRule = {
  code: 'repeated_tickets',
  weight: (model) => model.reasons.repeated_tickets.weight,
  points: (facts, model) => edges(facts.tickets, durationMs(model.reasons.repeated_tickets.window)),
  holds(facts, at, model) {
    const { min_count, window } = model.reasons.repeated_tickets;
    const tickets = [...new Set(live(facts.tickets, at, durationMs(window)).map((ticket) => ticket.ticket_id))];
    if (tickets.length < min_count) return null;
    return () =>
      `${plural(tickets.length, 'ticket')} opened in the last ${describeDuration(durationMs(window))} (${[...tickets].sort().join(', ')})`;
  },
};

/** Holds while a ticket was reopened within the window. */
const reopenedTicketRule: ReasonRule = {
  code: 'reopened_ticket',
  weight: (model) => model.reasons.reopened_ticket.weight,
  points: (facts, model) =>
    edges(
      facts.tickets.filter((ticket) => ticket.reopened),
      durationMs(model.reasons.reopened_ticket.window),
    ),
  holds(facts, at, model) {
    const window = durationMs(model.reasons.reopened_ticket.window);
    const reopened = live(
      facts.tickets.filter((ticket) => ticket.reopened),
      at,
      window,
    );
    if (reopened.length === 0) return null;
    return () => {
      const tickets = [...new Set(reopened.map((ticket) => ticket.ticket_id))].sort();
      const latest = reopened[reopened.length - 1];
      return tickets.length === 1
        ? `Ticket ${tickets[0]} reopened on ${day(latest.t)}`
        : `${tickets.length} tickets reopened (${tickets.join(', ')}), the latest on ${day(latest.t)}`;
    };
  },
};

// Early bounce and unsubscribe ---------------------------------------------------------------

/** Holds while a hard bounce (or unsubscribe) that came within `within` of a purchase is younger than the window. */
function earlyRule(
  code: RiskReasonCode,
  what: string,
  pick: (facts: RiskFacts) => InstantFact[],
  config: (model: RiskModel) => { weight: number; within: string; window: string },
): ReasonRule {
  return {
    code,
    weight: (model) => config(model).weight,
    points: (facts, model) => edges(pick(facts), durationMs(config(model).window)),
    holds(facts, at, model) {
      const within = durationMs(config(model).within);
      const early = live(pick(facts), at, durationMs(config(model).window)).flatMap((event) => {
        const purchase = facts.purchases
          .filter((candidate) => candidate.t <= event.t && event.t - candidate.t <= within)
          .sort((a, b) => b.t - a.t || a.order_id.localeCompare(b.order_id))[0];
        return purchase ? [{ event, purchase }] : [];
      });
      if (early.length === 0) return null;
      return () => {
        const { event, purchase } = early[early.length - 1];
        return `${what} on ${day(event.t)}, ${plural(wholeDays(event.t - purchase.t), 'day')} after the purchase of order ${purchase.order_id}`;
      };
    },
  };
}

const earlyBounceRule = earlyRule(
  'early_bounce',
  'Hard bounce',
  (facts) => facts.bounces,
  (model) => model.reasons.early_bounce,
);
const earlyUnsubscribeRule = earlyRule(
  'early_unsubscribe',
  'Unsubscribed',
  (facts) => facts.unsubscribes,
  (model) => model.reasons.early_unsubscribe,
);

// Usage --------------------------------------------------------------------------------------

/**
 * Holds while usage in the recent period is below `ratio` times the customer's own average per
 * recent period over the baseline before it, provided that average is at least `min_baseline`.
 */
const usageDropRule: ReasonRule = {
  code: 'usage_drop',
  weight: (model) => model.reasons.usage_drop.weight,
  points(facts, model) {
    const recent = durationMs(model.reasons.usage_drop.recent);
    return edges(facts.usage, recent, recent + durationMs(model.reasons.usage_drop.baseline));
  },
  holds(facts, at, model) {
    const { ratio, min_baseline } = model.reasons.usage_drop;
    const recentMs = durationMs(model.reasons.usage_drop.recent);
    const baselineMs = durationMs(model.reasons.usage_drop.baseline);
    let recent = 0;
    let baseline = 0;
    for (const use of facts.usage) {
      if (use.t > at) break;
      if (use.t > at - recentMs) recent += use.count;
      else if (use.t > at - recentMs - baselineMs) baseline += use.count;
    }
    const average = (baseline * recentMs) / baselineMs;
    if (average <= 0 || average < min_baseline || recent >= ratio * average) return null;
    return () =>
      `Usage in the last ${describeDuration(recentMs)} was ${round1(recent)}, below ${Math.round(ratio * 100)}% of ` +
      `the customer's average of ${round1(average)} per ${describeDuration(recentMs)} over the ${describeDuration(baselineMs)} before`;
  },
};

/** All rules, in {@link RISK_REASON_CODES} order. */
export const REASON_RULES: readonly ReasonRule[] = [
  detractorRule,
  lowCsatRule,
  highEffortRule,
  noFirstUseRule,
  refundRule,
  returnRule,
  repeatedTicketsRule,
  reopenedTicketRule,
  earlyBounceRule,
  earlyUnsubscribeRule,
  usageDropRule,
];

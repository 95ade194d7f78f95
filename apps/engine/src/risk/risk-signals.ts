import type { AlertSeverity, EventEnvelope, RiskChangedData } from '@postventa/contracts';
import { RiskLevel, RiskReasonCode, RiskScore, RiskSignal, signalFromEvent } from '@postventa/risk';

/**
 * The risk signal an accepted event carries, or null. `survey.answered` names its survey `kind`
 * in the contract; the risk library reads `survey`, so the kind is passed under that name.
 */
export function riskSignalOf(event: Pick<EventEnvelope, 'type' | 'time' | 'data'>): RiskSignal | null {
  const data =
    event.data && typeof event.data === 'object' && !Array.isArray(event.data)
      ? (event.data as Record<string, unknown>)
      : {};
  const normalized =
    event.type === 'survey.answered' && data.survey === undefined && data.kind !== undefined
      ? { ...data, survey: data.kind }
      : data;
  return signalFromEvent({ type: event.type, time: event.time, data: normalized });
}

/**
 * The reasons a new signal is evidence for. A reason that is already alerting gets its alert
 * updated (signal count, timeline) when a new signal backs it; signals that only ever clear a
 * reason (first use, a delivery, usage) back none.
 */
export function reasonsBackedBy(signal: RiskSignal): RiskReasonCode[] {
  switch (signal.kind) {
    case 'survey':
      return signal.survey === 'nps' ? ['detractor'] : signal.survey === 'csat' ? ['low_csat'] : ['high_effort'];
    case 'refund':
      return ['refund_requested'];
    case 'return':
      return ['return_requested'];
    case 'ticket_opened':
      return signal.reopened ? ['repeated_tickets', 'reopened_ticket'] : ['repeated_tickets'];
    case 'bounce':
      return ['early_bounce'];
    case 'unsubscribe':
      return ['early_unsubscribe'];
    default:
      return [];
  }
}

/** Alert severity for a risk level. */
export function severityOfLevel(level: RiskLevel): AlertSeverity {
  return level;
}

/** The contract's risk levels stop at `high`; `critical` is published as `high` plus `risk_level`. */
const contractLevel = (level: RiskLevel): RiskChangedData['level'] => (level === 'critical' ? 'high' : level);

export interface RiskTrigger {
  eventId?: string;
  eventType?: string;
  orderId?: string;
}

/** The data of a `risk.changed` activity event. */
export function riskChangedData(
  previous: Pick<RiskScore, 'score' | 'level'> | null,
  next: RiskScore,
  trigger: RiskTrigger,
): RiskChangedData {
  return {
    score: next.score,
    level: contractLevel(next.level),
    risk_level: next.level,
    ...(previous
      ? {
          previous_score: previous.score,
          previous_level: contractLevel(previous.level),
          previous_risk_level: previous.level,
        }
      : {}),
    factors: next.reasons.map((reason) => ({
      code: reason.code,
      weight: reason.weight,
      detail: reason.detail.slice(0, 1000),
      since: reason.since,
    })),
    ...(trigger.eventId ? { event_id: trigger.eventId } : {}),
    ...(trigger.eventType ? { event_type: trigger.eventType } : {}),
    ...(trigger.orderId ? { order_id: trigger.orderId } : {}),
    trigger: trigger.eventId ? 'event' : 'review',
    ...(next.nextReviewAt ? { next_review_at: next.nextReviewAt } : {}),
  };
}

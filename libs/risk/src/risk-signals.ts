/** The surveys the engine sends: NPS (0-10), CSAT (1-5), CES (1-7, higher = more effort). */
export type SurveyKind = 'nps' | 'csat' | 'ces';

export const SURVEY_SCALES: Readonly<Record<SurveyKind, { min: number; max: number }>> = {
  nps: { min: 0, max: 10 },
  csat: { min: 1, max: 5 },
  ces: { min: 1, max: 7 },
};

/** Times are ISO 8601 instants, as in the CloudEvents `time` attribute. */
export type RiskSignal =
  | { kind: 'survey'; survey: SurveyKind; score: number; at: string }
  | { kind: 'delivered'; order_id: string; at: string }
  | { kind: 'first_use'; order_id?: string; at: string }
  | { kind: 'refund' | 'return'; order_id: string; at: string }
  | { kind: 'ticket_opened'; ticket_id: string; reopened: boolean; at: string }
  | { kind: 'bounce' | 'unsubscribe'; at: string }
  | { kind: 'purchase'; order_id: string; at: string }
  | { kind: 'usage'; count: number; at: string };

export type RiskSignalKind = RiskSignal['kind'];

/** Everything known about one customer that bears on risk, in any order. */
export type CustomerSignals = readonly RiskSignal[];

/** The part of a CloudEvent this mapping reads. */
export interface RiskEventLike {
  type: string;
  time: string;
  data: Record<string, unknown>;
}

/** The CloudEvents types that carry a risk signal. */
export const RISK_EVENT_TYPES = [
  'survey.answered',
  'order.delivered',
  'product.first_used',
  'order.refunded',
  'order.returned',
  'ticket.opened',
  'ticket.reopened',
  'customer.unsubscribed',
  'email.bounced',
  'order.placed',
  'product.used',
] as const;

export type RiskEventType = (typeof RISK_EVENT_TYPES)[number];

function id(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function surveyKind(value: unknown): SurveyKind | undefined {
  if (typeof value !== 'string') return undefined;
  const kind = value.toLowerCase();
  return kind === 'nps' || kind === 'csat' || kind === 'ces' ? kind : undefined;
}

function isSoftBounce(data: Record<string, unknown>): boolean {
  const type = data.bounce_type ?? data.type;
  return (typeof type === 'string' && type.toLowerCase() === 'soft') || data.hard === false;
}

/**
 * The risk signal a domain event carries, or `null` when the event is not about risk or its data
 * lacks what the signal needs (the contracts layer validates events before they get here).
 *
 * Data fields read: `survey.answered` {survey: nps|csat|ces, score}; `order.*` {order_id};
 * `product.first_used` {order_id?}; `ticket.opened` {ticket_id, reopened?}; `ticket.reopened`
 * {ticket_id}; `email.bounced` {bounce_type?: hard|soft} (soft bounces are ignored, a missing type
 * counts as hard); `product.used` {count? = 1}.
 */
export function signalFromEvent(event: RiskEventLike): RiskSignal | null {
  const time = Date.parse(event.time);
  if (Number.isNaN(time)) return null;
  const at = new Date(time).toISOString();
  const data = event.data ?? {};
  const orderId = id(data.order_id);

  switch (event.type) {
    case 'survey.answered': {
      const survey = surveyKind(data.survey ?? data.survey_type);
      const score = data.score;
      if (!survey || typeof score !== 'number' || !Number.isInteger(score)) return null;
      const scale = SURVEY_SCALES[survey];
      if (score < scale.min || score > scale.max) return null;
      return { kind: 'survey', survey, score, at };
    }
    case 'order.delivered':
      return orderId ? { kind: 'delivered', order_id: orderId, at } : null;
    case 'product.first_used':
      return orderId ? { kind: 'first_use', order_id: orderId, at } : { kind: 'first_use', at };
    case 'order.refunded':
      return orderId ? { kind: 'refund', order_id: orderId, at } : null;
    case 'order.returned':
      return orderId ? { kind: 'return', order_id: orderId, at } : null;
    case 'order.placed':
      return orderId ? { kind: 'purchase', order_id: orderId, at } : null;
    case 'ticket.opened':
    case 'ticket.reopened': {
      const ticketId = id(data.ticket_id);
      if (!ticketId) return null;
      const reopened = event.type === 'ticket.reopened' || data.reopened === true;
      return { kind: 'ticket_opened', ticket_id: ticketId, reopened, at };
    }
    case 'customer.unsubscribed':
      return { kind: 'unsubscribe', at };
    case 'email.bounced':
      return isSoftBounce(data) ? null : { kind: 'bounce', at };
    case 'product.used': {
      const count = data.count ?? 1;
      if (typeof count !== 'number' || !Number.isFinite(count) || count < 0) return null;
      return { kind: 'usage', count, at };
    }
    default:
      return null;
  }
}

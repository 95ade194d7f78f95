import type { z } from 'zod';
import { ACTIVITY_EVENT_TYPES, type ActivityEventType, activityEventDataSchemas } from './activity-events.schema';
import { COMMERCE_EVENT_TYPES, type CommerceEventType, commerceEventDataSchemas } from './commerce-events.schema';
import type { EventEnvelope } from './event-envelope.schema';
import { FEEDBACK_EVENT_TYPES, type FeedbackEventType, feedbackEventDataSchemas } from './feedback-events.schema';
import { SUPPORT_EVENT_TYPES, type SupportEventType, supportEventDataSchemas } from './support-events.schema';
import { TIMER_EVENT_TYPES, type TimerEventType, timerEventDataSchemas } from './timer-events.schema';
import { USAGE_EVENT_TYPES, type UsageEventType, usageEventDataSchemas } from './usage-events.schema';

/** Data schema of every reserved event type. Unknown types are accepted with any object data. */
export const eventDataSchemas = {
  ...commerceEventDataSchemas,
  ...usageEventDataSchemas,
  ...supportEventDataSchemas,
  ...feedbackEventDataSchemas,
  ...activityEventDataSchemas,
  ...timerEventDataSchemas,
} as const;

/** Event types whose data Postventa defines and checks strictly. */
export type ReservedEventType = keyof typeof eventDataSchemas;

/** Event type → data type, for typed `publish()` and handlers. */
export type EventDataMap = { [K in ReservedEventType]: z.output<(typeof eventDataSchemas)[K]> };

/** An event of a reserved type with its data typed. */
export type TypedEvent<K extends ReservedEventType> = EventEnvelope<K, EventDataMap[K]>;

/** Any event of a reserved type; `switch (event.type)` narrows `data`. */
export type ReservedEvent = { [K in ReservedEventType]: TypedEvent<K> }[ReservedEventType];

/** Events the platforms and the gateway send in (commerce, usage, support, feedback). */
export type DomainEventType = CommerceEventType | UsageEventType | SupportEventType | FeedbackEventType;

export const DOMAIN_EVENT_TYPES: readonly DomainEventType[] = [
  ...COMMERCE_EVENT_TYPES,
  ...USAGE_EVENT_TYPES,
  ...SUPPORT_EVENT_TYPES,
  ...FEEDBACK_EVENT_TYPES,
];

export const RESERVED_EVENT_TYPES: readonly ReservedEventType[] = [
  ...DOMAIN_EVENT_TYPES,
  ...ACTIVITY_EVENT_TYPES,
  ...TIMER_EVENT_TYPES,
];

export type { ActivityEventType, CommerceEventType, FeedbackEventType, SupportEventType, TimerEventType, UsageEventType };

export function isReservedEventType(type: string): type is ReservedEventType {
  return Object.prototype.hasOwnProperty.call(eventDataSchemas, type);
}

/** Narrows a validated event to a reserved type (its data was checked against that type's schema). */
export function isEventOfType<K extends ReservedEventType>(
  event: EventEnvelope<string, object>,
  type: K,
): event is TypedEvent<K> {
  return event.type === type;
}

/** One line per reserved type; goes into the JSON Schema files as `description`. */
export const EVENT_DESCRIPTIONS: Readonly<Record<ReservedEventType, string>> = {
  'order.placed': 'A customer placed an order (first moment of truth begins).',
  'order.paid': 'The payment of an order was captured.',
  'order.shipped': 'An order (or part of it) left the warehouse; carries carrier and tracking.',
  'order.delivered': 'An order reached the customer.',
  'order.cancelled': 'An order was cancelled before fulfilment.',
  'order.refunded': 'Money was returned to the customer, in full or in part.',
  'order.returned': 'The customer sent items of an order back.',
  'account.created': 'A customer account was created in the product (SaaS sign-up).',
  'product.activated': 'A purchased product or licence was activated.',
  'product.first_used': 'The customer used the product for the first time (second moment of truth).',
  'product.used': 'The customer used a feature of the product.',
  'usage.milestone': 'The customer reached a usage milestone defined by the product.',
  'ticket.opened': 'The customer opened (or reopened) a support ticket.',
  'ticket.resolved': 'A support ticket was resolved.',
  'survey.answered': 'The customer answered an NPS, CSAT or CES survey.',
  'email.opened': 'The customer opened an email Postventa sent.',
  'email.clicked': 'The customer clicked a link in an email Postventa sent.',
  'customer.unsubscribed': 'The customer unsubscribed from marketing email or from all email.',
  'journey.entered': 'A customer entered a journey of a published flow version.',
  'journey.step': 'A journey ran (or skipped, or suppressed) one of its steps.',
  'journey.exited': 'A journey ended: completed, goal reached, cancelled, timed out or failed.',
  'journey.converted': 'A journey reached one of its goals.',
  'email.sent': 'The dispatcher handed an email to the SMTP server.',
  'email.failed': 'The dispatcher could not send an email.',
  'email.bounced': 'An email Postventa sent bounced.',
  'alert.raised': 'An at-risk alert was raised for a support lead.',
  'alert.acknowledged': 'A support lead took ownership of an alert.',
  'alert.resolved': 'An alert was resolved.',
  'alert.escalated': 'An alert was escalated because nobody acted on it in time.',
  'risk.changed': 'The churn-risk score or level of a customer changed.',
  'timer.fired': 'A durable journey timer came due.',
};

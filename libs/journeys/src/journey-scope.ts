import type { CelScope } from './cel-conditions';
import type { CustomerProfile } from './events';
import type { EventSnapshot, JourneyInstance } from './journey-instance';

function defined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}

export function customerScope(customer: CustomerProfile): Record<string, unknown> {
  return defined({
    id: customer.id,
    email: customer.email,
    locale: customer.locale,
    timezone: customer.timezone,
    attributes: customer.attributes ?? {},
    tags: customer.tags ?? [],
  });
}

export function eventScope(event: EventSnapshot): Record<string, unknown> {
  return {
    id: event.id,
    type: event.type,
    source: event.source,
    time: event.time,
    subject: event.subject,
    data: event.data,
  };
}

export function journeyScope(instance: JourneyInstance): Record<string, unknown> {
  return defined({
    id: instance.id,
    flow_id: instance.flow.id,
    flow_version: instance.flow.version,
    customer_id: instance.customer_id,
    entry_key: instance.entry_key,
    order_id: instance.order_id,
    step_id: instance.current_step,
    entered_at: instance.entered_at,
    vars: instance.vars,
    entry_event: eventScope(instance.entry_event),
  });
}

/** The CEL variables for a journey: the event at hand, the customer, the journey, and `now`. */
export function buildScope(
  instance: JourneyInstance,
  event: EventSnapshot,
  customer: CustomerProfile,
  now: Date,
): CelScope {
  return { event: eventScope(event), customer: customerScope(customer), journey: journeyScope(instance), now };
}

/**
 * Template data for a send: the entry event's data, overlaid with the latest event's data and the
 * step's own `data`.
 */
export function templateData(
  instance: JourneyInstance,
  extra: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const latest = instance.last_event.id === instance.entry_event.id ? {} : instance.last_event.data;
  return { ...instance.entry_event.data, ...latest, ...(extra ?? {}) };
}

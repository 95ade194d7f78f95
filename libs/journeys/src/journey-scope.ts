import type { CelScope } from './cel-conditions';
import type { CustomerProfile } from './events';
import type { EventSnapshot, JourneyInstance } from './journey-instance';

export function customerScope(customer: CustomerProfile): Record<string, unknown> {
  const scope: Record<string, unknown> = { id: customer.id };
  if (customer.email !== undefined) scope.email = customer.email;
  if (customer.locale !== undefined) scope.locale = customer.locale;
  if (customer.timezone !== undefined) scope.timezone = customer.timezone;
  scope.attributes = customer.attributes ?? {};
  scope.tags = customer.tags ?? [];
  return scope;
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
  const scope: Record<string, unknown> = {
    id: instance.id,
    flow_id: instance.flow.id,
    flow_version: instance.flow.version,
    customer_id: instance.customer_id,
    entry_key: instance.entry_key,
  };
  if (instance.order_id !== undefined) scope.order_id = instance.order_id;
  if (instance.current_step !== undefined) scope.step_id = instance.current_step;
  scope.entered_at = instance.entered_at;
  scope.vars = instance.vars;
  scope.entry_event = eventScope(instance.entry_event);
  return scope;
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

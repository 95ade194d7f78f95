import { evaluateCondition, evaluateValue } from './cel-conditions';
import type { JourneyEnteredActivity } from './commands';
import type { AdvanceContext, CustomerProfile, EventEnvelope } from './events';
import type { CompiledFlow } from './flow-compiler';
import { shortHash } from './flow-hash';
import { buildScope } from './journey-scope';
import { isEnded, snapshotEvent, type JourneyInstance, type JourneyRef } from './journey-instance';
import { runFrom } from './step-runner';
import { openTransition, recordActivity, type AdvanceResult } from './transition';

export interface EntryDecision {
  journey_id: string;
  entry_key: string;
  order_id?: string;
}

function keyText(value: unknown): string | undefined {
  if (typeof value === 'string' && value.length > 0) return value;
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'bigint') return String(value);
  return undefined;
}

/** Deterministic journey id: flow id plus a hash of customer, entry key and entry event id. */
export function journeyIdFor(flowId: string, customerId: string, entryKey: string, eventId: string): string {
  return `${flowId}:${shortHash([customerId, entryKey, eventId].join('\u0000'))}`;
}

function placeholder(flow: CompiledFlow, event: EventEnvelope, customerId: string): JourneyInstance {
  const snapshot = snapshotEvent(event);
  return {
    id: '',
    flow: { id: flow.id, version: flow.version },
    customer_id: customerId,
    entry_key: '',
    entry_event_id: event.id,
    status: 'active',
    visits: [],
    visit_counts: {},
    vars: {},
    seq: 0,
    emitted: [],
    goals: [],
    entered_at: event.time,
    updated_at: event.time,
    entry_event: snapshot,
    last_event: snapshot,
  };
}

/**
 * Whether `event` starts a new journey of `flow`: the type and trigger condition match, the entry
 * key can be read, and the re-entry policy allows it given the customer's `existing` journeys of
 * this flow (any version). Returns the new journey's id and key, or null.
 */
export function matchTrigger(
  flow: CompiledFlow,
  event: EventEnvelope,
  customer?: CustomerProfile,
  existing: readonly JourneyRef[] = [],
  now: Date = new Date(event.time),
): EntryDecision | null {
  const customerId = event.subject;
  if (event.type !== flow.trigger.event || !customerId) return null;
  const profile = customer ?? { id: customerId };
  const scope = buildScope(placeholder(flow, event, customerId), snapshotEvent(event), profile, now);
  if (!evaluateCondition(flow.trigger.condition, scope)) return null;
  const orderId = keyText(event.data?.order_id);
  const key = flow.entryKey;
  const entryKey = key === 'customer' ? customerId : key === 'order' ? orderId : keyText(evaluateValue(key, scope));
  if (entryKey === undefined) return null;
  const journeyId = journeyIdFor(flow.id, customerId, entryKey, event.id);
  const same = existing.filter(
    (j) => j.flow.id === flow.id && j.customer_id === customerId && j.entry_key === entryKey,
  );
  if (same.some((j) => j.id === journeyId)) return null;
  const reentry = flow.definition.entry.reentry;
  if (reentry === 'once' && same.length > 0) return null;
  if (reentry === 'after_exit' && same.some((j) => !isEnded(j))) return null;
  return { journey_id: journeyId, entry_key: entryKey, ...(orderId ? { order_id: orderId } : {}) };
}

/**
 * Starts a journey if `event` triggers one (see matchTrigger) and runs it to its first wait.
 * `existing` are the customer's journeys of this flow. Returns null when nothing starts.
 */
export function startJourney(
  flow: CompiledFlow,
  event: EventEnvelope,
  now: Date,
  context: AdvanceContext & { existing?: readonly JourneyRef[] } = {},
): AdvanceResult | null {
  const decision = matchTrigger(flow, event, context.customer, context.existing ?? [], now);
  if (!decision) return null;
  const instance: JourneyInstance = {
    ...placeholder(flow, event, event.subject),
    id: decision.journey_id,
    entry_key: decision.entry_key,
    entered_at: now.toISOString(),
    updated_at: now.toISOString(),
  };
  if (decision.order_id) instance.order_id = decision.order_id;
  const t = openTransition(
    flow,
    instance,
    now,
    context.customer ?? { id: event.subject },
    context.sendHistory ?? [],
    instance.entry_event,
  );
  recordActivity<JourneyEnteredActivity>(t, 'journey.entered', {
    step_id: flow.firstStepId,
    trigger_event_id: event.id,
    trigger_event_type: event.type,
    entry_key: decision.entry_key,
  });
  runFrom(t, flow.firstStepId);
  return t.out;
}

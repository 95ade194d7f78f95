import { evaluateCondition } from './cel-conditions';
import type { WaitForStep } from './flow.schema';
import { buildScope } from './journey-scope';
import type { EventSnapshot } from './journey-instance';
import type { Transition } from './transition';

/** How many events of one type a journey keeps for a later `wait_for`, the newest ones. */
export const EARLY_EVENTS_PER_TYPE = 3;
/** How many events a journey keeps in all for later `wait_for` steps, the newest ones. */
export const EARLY_EVENTS_MAX = 20;

/**
 * Keeps `event` for a later `wait_for` step when some `wait_for` of the flow waits for its type
 * and would take it as things stand (its condition is true with this event). Called for events
 * the journey took without ending and without completing its current wait; an event delivered
 * again (already kept, or the one that completed the latest wait) is not kept twice. The list is
 * replaced, never changed in place, and holds the newest few per type and overall.
 */
export function rememberEarlyEvent(t: Transition, event: EventSnapshot): boolean {
  const waits = t.flow.awaits.get(event.type);
  if (!waits) return false;
  const earlier = t.instance.early_events ?? [];
  if (t.instance.last_event.id === event.id || earlier.some((e) => e.id === event.id)) return false;
  const scope = buildScope(t.instance, event, t.customer, t.now);
  if (!waits.some((wait) => evaluateCondition(wait.condition, scope))) return false;
  let kept = [...earlier, event];
  if (kept.filter((e) => e.type === event.type).length > EARLY_EVENTS_PER_TYPE) {
    const oldest = kept.findIndex((e) => e.type === event.type);
    kept.splice(oldest, 1);
  }
  if (kept.length > EARLY_EVENTS_MAX) kept = kept.slice(kept.length - EARLY_EVENTS_MAX);
  t.instance.early_events = kept;
  return true;
}

/**
 * The oldest kept event that the `wait_for` step being entered takes (its condition evaluated
 * with that event as `event`, as if it arrived now), removed from the journey's kept events so
 * it cannot complete a second wait; undefined when none does.
 */
export function takeEarlyEvent(t: Transition, step: WaitForStep): EventSnapshot | undefined {
  const kept = t.instance.early_events;
  if (!kept || kept.length === 0) return undefined;
  const condition = step.condition === undefined ? undefined : t.flow.expressions.get(step.condition);
  const index = kept.findIndex(
    (e) => e.type === step.event && evaluateCondition(condition, buildScope(t.instance, e, t.customer, t.now)),
  );
  if (index < 0) return undefined;
  t.instance.early_events = [...kept.slice(0, index), ...kept.slice(index + 1)];
  return kept[index];
}

import { CLOUDEVENT_HEADERS, makeEvent, type EventEnvelope } from '@postventa/contracts';
import type { TimerFiring } from '@postventa/journeys';
import type { OutboxMessage } from '@postventa/persistence';
import type { DueTimer } from './timer.repository';

export const TIMER_FIRED = 'timer.fired';

/** Event id of a timer's firing: derived from the timer id, so a re-fired timer is deduped by the inbox. */
export function timerEventId(timerId: string): string {
  return `timer:${timerId}`;
}

/** The `timer.fired` event for a due timer, as an outbox row for the timers topic (key: customer id). */
export function timerFiredMessage(timer: DueTimer, firedAt: Date): OutboxMessage {
  const event = makeEvent(
    TIMER_FIRED,
    timer.customer_id,
    {
      timer_id: timer.timer_id,
      due_at: timer.due_at.toISOString(),
      journey_id: timer.journey_id,
      step_id: timer.step_id,
      purpose: timer.purpose,
      seq: timer.seq,
      flow_id: timer.flow_id,
    },
    { id: timerEventId(timer.timer_id), time: firedAt.toISOString() },
  );
  return { topic: 'timers', key: timer.customer_id, headers: { ...CLOUDEVENT_HEADERS }, payload: event };
}

/**
 * Reads a `timer.fired` event back into the interpreter's TimerFiring; null when it is not one
 * or lacks what a journey timer carries (journey id, step, seq).
 */
export function timerFiringOf(event: Pick<EventEnvelope, 'type' | 'data'>): TimerFiring | null {
  if (event.type !== TIMER_FIRED) return null;
  const data = (event.data ?? {}) as Record<string, unknown>;
  const { timer_id, journey_id, step_id, seq, due_at } = data;
  if (
    typeof timer_id !== 'string' ||
    typeof journey_id !== 'string' ||
    typeof step_id !== 'string' ||
    typeof due_at !== 'string'
  )
    return null;
  if (typeof seq !== 'number' || !Number.isInteger(seq)) return null;
  return { kind: 'timer', timer_id, journey_id, step_id, seq, due_at };
}

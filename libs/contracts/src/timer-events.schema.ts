import { z } from 'zod';
import { flowRefSchema, idString, text, timestamp } from './primitives.schema';

/**
 * A durable timer coming due. The engine's scheduler publishes it to the timers topic keyed by
 * customer id (the event `subject`), so the firing is handled where that customer's events are.
 */
export const timerFiredDataSchema = z.looseObject({
  timer_id: idString(),
  /** When the timer was due; the event `time` is when it was actually fired. */
  due_at: timestamp(),
  journey_id: idString().optional(),
  flow: flowRefSchema.optional(),
  step_id: idString().optional(),
  /** What the timer is for: `wait`, `wait_timeout`, `quiet_hours`, `escalation`, `silence`... */
  purpose: text(64).optional(),
});

export const TIMER_EVENT_TYPES = ['timer.fired'] as const;
export type TimerEventType = (typeof TIMER_EVENT_TYPES)[number];

export const timerEventDataSchemas = {
  'timer.fired': timerFiredDataSchema,
} as const satisfies Record<TimerEventType, z.ZodType>;

export type TimerFiredData = z.infer<typeof timerFiredDataSchema>;

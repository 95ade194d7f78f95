import type { ExitOutcome, StepOutcome } from './commands';
import type { EventEnvelope } from './events';

export type JourneyStatus = 'active' | 'waiting' | 'completed' | 'exited';

/** What a waiting journey waits for. */
export type WaitState =
  | { kind: 'delay'; step_id: string; timer_id: string; due_at: string; seq: number }
  | { kind: 'event'; step_id: string; event_type: string; timer_id?: string; due_at?: string; seq: number }
  | { kind: 'defer'; step_id: string; timer_id: string; due_at: string; seq: number; reason: string };

export interface StepVisit {
  step_id: string;
  visit: number;
  at: string;
  outcome?: StepOutcome;
}

/** Compact copy of an event kept for conditions and template data. */
export interface EventSnapshot {
  id: string;
  type: string;
  time: string;
  subject: string;
  source: string;
  data: Record<string, unknown>;
}

/** The durable state of one customer's journey through one flow version. */
export interface JourneyInstance {
  id: string;
  flow: { id: string; version: string };
  customer_id: string;
  entry_key: string;
  entry_event_id: string;
  order_id?: string;
  status: JourneyStatus;
  current_step?: string;
  wait?: WaitState;
  visits: StepVisit[];
  visit_counts: Record<string, number>;
  vars: Record<string, unknown>;
  seq: number;
  emitted: string[];
  goals: { id: string; converted_at: string }[];
  entered_at: string;
  updated_at: string;
  ended_at?: string;
  outcome?: ExitOutcome;
  exit_reason?: string;
  entry_event: EventSnapshot;
  last_event: EventSnapshot;
  /**
   * Events the journey took before reaching the `wait_for` step that waits for them, oldest
   * first (a few per type): entering that step takes one instead of waiting. Absent on journeys
   * that never kept one.
   */
  early_events?: EventSnapshot[];
}

export function snapshotEvent(event: EventEnvelope): EventSnapshot {
  return {
    id: event.id,
    type: event.type,
    time: event.time,
    subject: event.subject,
    source: event.source,
    data: event.data ?? {},
  };
}

/** What entry rules read of a customer's earlier journeys (an ended journey is loaded as this). */
export type JourneyRef = Pick<JourneyInstance, 'id' | 'flow' | 'customer_id' | 'entry_key' | 'status'>;

export function isEnded(instance: Pick<JourneyInstance, 'status'>): boolean {
  return instance.status === 'completed' || instance.status === 'exited';
}

import { CLOUDEVENT_HEADERS, makeEvent } from '@postventa/contracts';
import type { JourneyInstance } from '@postventa/journeys';
import type { ActivityRow, OutboxMessage } from '@postventa/persistence';

/** Why journeys were stopped from outside: the flow was paused or archived with `--stop-journeys`. */
export type JourneyStopReason = 'flow_paused' | 'flow_archived';

export interface StoppedJourney {
  instance: JourneyInstance;
  /** Timers of the journey to cancel (its wait's, if any; the caller also cancels any other pending one). */
  timerIds: string[];
  activity: ActivityRow;
  message: OutboxMessage;
}

/**
 * Ends an open journey because its flow was stopped: `exited`, outcome `cancelled` with the
 * reason, no wait, and a `journey.exited` activity record (row and outbox message, with a
 * deterministic id). The seq moves on, so a timer firing already on its way is stale. Pure.
 */
export function stopJourney(
  journey: JourneyInstance,
  reason: JourneyStopReason,
  flowNumber: number,
  now: Date,
): StoppedJourney {
  const at = now.toISOString();
  const timerIds = journey.wait?.timer_id ? [journey.wait.timer_id] : [];
  const { wait: _wait, ...rest } = journey;
  const instance: JourneyInstance = {
    ...rest,
    status: 'exited',
    outcome: 'cancelled',
    exit_reason: reason,
    seq: journey.seq + 1,
    ended_at: at,
    updated_at: at,
  };
  const id = `${journey.id}:${instance.seq}:${journey.visits.length}:0:journey.exited:${reason}`;
  const data: Record<string, unknown> = {
    journey_id: journey.id,
    flow: { id: journey.flow.id, version: flowNumber },
    flow_hash: journey.flow.version,
    ...(journey.order_id ? { order_id: journey.order_id } : {}),
    ...(journey.current_step ? { step_id: journey.current_step } : {}),
    entered_at: journey.entered_at,
    outcome: 'cancelled',
    reason,
  };
  const event = makeEvent('journey.exited', journey.customer_id, data, { id, time: at });
  return {
    instance,
    timerIds,
    message: { topic: 'activity', key: journey.customer_id, headers: { ...CLOUDEVENT_HEADERS }, payload: event },
    activity: {
      id,
      type: 'journey.exited',
      customer_id: journey.customer_id,
      journey_id: journey.id,
      flow_id: journey.flow.id,
      flow_version: flowNumber,
      step_id: journey.current_step ?? null,
      moment: null,
      order_id: journey.order_id ?? null,
      outcome: 'cancelled',
      command_id: null,
      occurred_at: at,
      data,
    },
  };
}

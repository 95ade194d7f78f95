import { Injectable } from '@nestjs/common';
import {
  CLOUDEVENTS_JSON_CONTENT_TYPE,
  CONTENT_TYPE_HEADER,
  type EventEnvelope,
  topicKeyForEventType,
} from '@postventa/contracts';
import {
  ActivityRepository,
  type ActivityRow,
  type OutboxMessage,
  OutboxRepository,
  runWrites,
  type SqlWrite,
  Tx,
} from '@postventa/persistence';

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** The row kept for KPIs for one activity event (the same facts as the event). */
function activityRow(event: EventEnvelope, outcome: string | null): ActivityRow {
  const data = (event.data ?? {}) as Record<string, unknown>;
  const flow =
    data.flow && typeof data.flow === 'object' ? (data.flow as { id?: string; version?: number }) : undefined;
  return {
    id: event.id,
    type: event.type,
    customer_id: event.subject,
    journey_id: text(data.journey_id),
    flow_id: flow?.id ?? null,
    flow_version: flow?.version ?? null,
    step_id: text(data.step_id),
    moment: text(data.moment),
    order_id: text(data.order_id),
    outcome,
    command_id: text(data.command_id),
    occurred_at: event.time,
    data,
  };
}

/**
 * Writes activity events (alert.*, risk.changed) in the caller's transaction: a row in the
 * transactional outbox (published to the activity topic by the engine's relay; `topic` is the
 * logical topic key, the key is the customer id) and a row in `activity` for KPIs. The rows go
 * through the one outbox and activity repositories of @postventa/persistence.
 */
@Injectable()
export class AlertActivityWriter {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly activity: ActivityRepository,
  ) {}

  async write(
    db: Tx,
    events: readonly EventEnvelope[],
    extra: (event: EventEnvelope) => { outcome?: string | null } = () => ({}),
  ): Promise<void> {
    const { writes, notify } = this.writes(events, extra);
    await runWrites(db, writes, notify);
  }

  /**
   * The outbox and activity rows of `write`, as writes of a combined statement (`runWrites`) and
   * the outbox's notification to end it with (none when there are no events).
   */
  writes(
    events: readonly EventEnvelope[],
    extra: (event: EventEnvelope) => { outcome?: string | null } = () => ({}),
  ): { writes: Array<SqlWrite | null>; notify?: SqlWrite } {
    if (events.length === 0) return { writes: [] };
    const messages: OutboxMessage[] = events.map((event) => ({
      topic: topicKeyForEventType(event.type),
      key: event.subject,
      headers: { [CONTENT_TYPE_HEADER]: CLOUDEVENTS_JSON_CONTENT_TYPE },
      payload: event,
    }));
    return {
      writes: [
        this.outbox.insertWrite(messages),
        this.activity.insertWrite(events.map((event) => activityRow(event, extra(event).outcome ?? null))),
      ],
      notify: this.outbox.notifyQuery(),
    };
  }
}

import { Injectable } from '@nestjs/common';
import { CLOUDEVENTS_JSON_CONTENT_TYPE, CONTENT_TYPE_HEADER, type EventEnvelope, topicKeyForEventType } from '@postventa/contracts';
import { EntityManager } from 'typeorm';

/** Postgres channel the engine's outbox relay listens on (see apps/engine/src/outbox). */
const OUTBOX_CHANNEL = 'postventa_outbox';

/**
 * Writes activity events (alert.*, risk.changed) in the caller's transaction: a row in the
 * transactional outbox (published to the activity topic by the engine's relay; `topic` is the
 * logical topic key, the key is the customer id) and a row in `activity` for KPIs.
 */
@Injectable()
export class AlertActivityWriter {
  async write(db: EntityManager, events: readonly EventEnvelope[], extra: (event: EventEnvelope) => { outcome?: string | null } = () => ({})): Promise<void> {
    if (events.length === 0) return;
    const outbox = events.map((event, ord) => ({
      ord,
      topic: topicKeyForEventType(event.type),
      key: event.subject ?? null,
      headers: { [CONTENT_TYPE_HEADER]: CLOUDEVENTS_JSON_CONTENT_TYPE },
      payload: event,
    }));
    await db.query(
      `INSERT INTO outbox (topic, key, headers, payload)
       SELECT topic, key, headers, payload
         FROM jsonb_to_recordset($1::jsonb) AS x(ord integer, topic text, key text, headers jsonb, payload jsonb)
        ORDER BY ord`,
      [JSON.stringify(outbox)],
    );
    await db.query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL]);
    const activity = events.map((event) => {
      const data = (event.data ?? {}) as Record<string, unknown>;
      const flow = data.flow && typeof data.flow === 'object' ? (data.flow as { id?: string; version?: number }) : undefined;
      const text = (value: unknown) => (typeof value === 'string' ? value : null);
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
        outcome: extra(event).outcome ?? null,
        command_id: text(data.command_id),
        occurred_at: event.time,
        data,
      };
    });
    await db.query(
      `INSERT INTO activity (id, type, customer_id, journey_id, flow_id, flow_version, step_id, moment, order_id, outcome, command_id, occurred_at, data)
       SELECT id, type, customer_id, journey_id, flow_id, flow_version, step_id, moment, order_id, outcome, command_id, occurred_at, data
         FROM jsonb_to_recordset($1::jsonb) AS x(id text, type text, customer_id text, journey_id text, flow_id text, flow_version integer,
              step_id text, moment text, order_id text, outcome text, command_id text, occurred_at timestamptz, data jsonb)
       ON CONFLICT (id) DO NOTHING`,
      [JSON.stringify(activity)],
    );
  }
}

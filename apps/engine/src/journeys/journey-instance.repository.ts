import { Injectable } from '@nestjs/common';
import type { JourneyInstance } from '@postventa/journeys';
import { EntityManager } from 'typeorm';

/** Journey instances: the interpreter's state, one row per journey, a batch at a time. */
@Injectable()
export class JourneyInstanceRepository {
  /**
   * Every journey of these customers, open or ended (ended ones decide re-entry), in one query.
   * The caller holds the customers' row locks, so no one else changes them meanwhile.
   */
  async loadByCustomers(db: EntityManager, customerIds: readonly string[]): Promise<JourneyInstance[]> {
    if (customerIds.length === 0) return [];
    const rows: Array<{ state: JourneyInstance }> = await db.query(
      `SELECT state FROM journey_instances WHERE customer_id = ANY($1::text[]) ORDER BY entered_at, id`,
      [customerIds],
    );
    return rows.map((r) => r.state);
  }

  /** Writes new and changed journeys in one statement. */
  async upsertMany(db: EntityManager, instances: readonly JourneyInstance[]): Promise<void> {
    if (instances.length === 0) return;
    const rows = instances.map((j) => ({
      id: j.id,
      flow_id: j.flow.id,
      flow_version: j.flow.version,
      customer_id: j.customer_id,
      entry_key: j.entry_key,
      order_id: j.order_id ?? null,
      status: j.status,
      current_step: j.current_step ?? null,
      outcome: j.outcome ?? null,
      state: j,
      entered_at: j.entered_at,
      updated_at: j.updated_at,
      exited_at: j.ended_at ?? null,
    }));
    await db.query(
      `INSERT INTO journey_instances (id, flow_id, flow_version, customer_id, entry_key, order_id, status, current_step, outcome, state, entered_at, updated_at, exited_at)
       SELECT id, flow_id, flow_version, customer_id, entry_key, order_id, status, current_step, outcome, state, entered_at, updated_at, exited_at
         FROM jsonb_to_recordset($1::jsonb) AS x(id text, flow_id text, flow_version text, customer_id text, entry_key text, order_id text,
              status text, current_step text, outcome text, state jsonb, entered_at timestamptz, updated_at timestamptz, exited_at timestamptz)
       ON CONFLICT (id) DO UPDATE SET
         status = EXCLUDED.status, current_step = EXCLUDED.current_step, outcome = EXCLUDED.outcome, state = EXCLUDED.state,
         updated_at = EXCLUDED.updated_at, exited_at = EXCLUDED.exited_at`,
      [JSON.stringify(rows)],
    );
  }
}

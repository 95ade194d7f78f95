import { Injectable } from '@nestjs/common';
import type { JourneyInstance, JourneyRef } from '@postventa/journeys';
import type { SqlRead, SqlWrite } from '@postventa/persistence';

/** A batch's customers' journeys: open ones whole, ended ones as the identity entry rules read. */
export interface CustomerJourneys {
  open: JourneyInstance[];
  ended: JourneyRef[];
}

/** A journey_instances row as the batch reads it (the state of open journeys only). */
type JourneyRow = {
  id: string;
  flow_id: string;
  flow_version: string;
  customer_id: string;
  entry_key: string;
  status: JourneyRef['status'];
  state: JourneyInstance | null;
};

/** Journey instances: the interpreter's state, one row per journey, a batch at a time. */
@Injectable()
export class JourneyInstanceRepository {
  /**
   * Every journey of these customers, in one query: open ones whole, ended ones only as the
   * identity that entry rules read (their state, the bulk of the row, stays in Postgres). The
   * caller holds the customers' row locks, so no one else changes them meanwhile. To run alone
   * (`runRead`) or with other reads (`combineReads`).
   */
  byCustomersRead(customerIds: readonly string[]): SqlRead<CustomerJourneys> {
    return {
      sql: `SELECT id, flow_id, flow_version, customer_id, entry_key, status,
              CASE WHEN status IN ('completed', 'exited') THEN NULL ELSE state END AS state
         FROM journey_instances WHERE customer_id = ANY($1::text[]) ORDER BY entered_at, id`,
      params: [customerIds],
      map: (rows) => {
        const journeys: CustomerJourneys = { open: [], ended: [] };
        for (const r of rows as JourneyRow[]) {
          if (r.state) journeys.open.push(r.state);
          else
            journeys.ended.push({
              id: r.id,
              flow: { id: r.flow_id, version: r.flow_version },
              customer_id: r.customer_id,
              entry_key: r.entry_key,
              status: r.status,
            });
        }
        return journeys;
      },
    };
  }

  /**
   * Writes new and changed journeys, as one write of a combined statement (`runWrites`); null
   * when there is nothing to write.
   */
  upsertWrite(instances: readonly JourneyInstance[]): SqlWrite | null {
    if (instances.length === 0) return null;
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
    return {
      sql: `INSERT INTO journey_instances (id, flow_id, flow_version, customer_id, entry_key, order_id, status, current_step, outcome, state, entered_at, updated_at, exited_at)
       SELECT id, flow_id, flow_version, customer_id, entry_key, order_id, status, current_step, outcome, state, entered_at, updated_at, exited_at
         FROM jsonb_to_recordset($1::jsonb) AS x(id text, flow_id text, flow_version text, customer_id text, entry_key text, order_id text,
              status text, current_step text, outcome text, state jsonb, entered_at timestamptz, updated_at timestamptz, exited_at timestamptz)
       ON CONFLICT (id) DO UPDATE SET
         status = EXCLUDED.status, current_step = EXCLUDED.current_step, outcome = EXCLUDED.outcome, state = EXCLUDED.state,
         updated_at = EXCLUDED.updated_at, exited_at = EXCLUDED.exited_at`,
      params: [JSON.stringify(rows)],
    };
  }
}

import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { runWrites, type SqlWrite } from '../transaction/sql-writes';

/** One activity record as kept for KPIs (the same facts as the activity event). */
export interface ActivityRow {
  id: string;
  type: string;
  customer_id: string;
  journey_id: string | null;
  flow_id: string | null;
  flow_version: number | null;
  step_id: string | null;
  moment: string | null;
  order_id: string | null;
  outcome: string | null;
  command_id: string | null;
  occurred_at: string;
  data: Record<string, unknown>;
}

/** Activity kept in Postgres (besides the activity topic) so KPIs can be computed later. */
@Injectable()
export class ActivityRepository {
  async insertMany(db: EntityManager, rows: readonly ActivityRow[]): Promise<void> {
    await runWrites(db, [this.insertWrite(rows)]);
  }

  /** The insert of `insertMany` as one write of a combined statement (null when there is nothing to write). */
  insertWrite(rows: readonly ActivityRow[]): SqlWrite | null {
    if (rows.length === 0) return null;
    return {
      sql: `INSERT INTO activity (id, type, customer_id, journey_id, flow_id, flow_version, step_id, moment, order_id, outcome, command_id, occurred_at, data)
       SELECT id, type, customer_id, journey_id, flow_id, flow_version, step_id, moment, order_id, outcome, command_id, occurred_at, data
         FROM jsonb_to_recordset($1::jsonb) AS x(id text, type text, customer_id text, journey_id text, flow_id text, flow_version integer,
              step_id text, moment text, order_id text, outcome text, command_id text, occurred_at timestamptz, data jsonb)
       ON CONFLICT (id) DO NOTHING`,
      params: [JSON.stringify(rows)],
    };
  }

  /** Deletes activity that occurred before `before`, at most `limit` rows. Returns how many went. */
  async pruneOlderThan(db: EntityManager, before: Date, limit: number): Promise<number> {
    const [, count]: [unknown, number] = await db.query(
      `DELETE FROM activity WHERE ctid = ANY(ARRAY(
         SELECT ctid FROM activity WHERE occurred_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED))`,
      [before, limit],
    );
    return count;
  }
}

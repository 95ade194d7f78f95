import { Injectable } from '@nestjs/common';
import type { JourneyInstance } from '@postventa/journeys';
import { ActivityRepository, OutboxRepository } from '@postventa/persistence';
import { EntityManager } from 'typeorm';
import { JourneyStopReason, stopJourney } from './journey-stop';

/**
 * The open journeys of a flow, for stopping them when the flow is paused or archived with
 * `--stop-journeys`. Works inside the caller's transaction and takes the customers' row locks
 * first (in id order, as the engine does), so it never interleaves with an engine batch of the
 * same customer.
 */
@Injectable()
export class FlowJourneysRepository {
  constructor(
    private readonly outbox: OutboxRepository = new OutboxRepository(),
    private readonly activity: ActivityRepository = new ActivityRepository(),
  ) {}

  /** Ends every open journey of the flow: state, pending timers cancelled, activity. Returns how many. */
  async stopOpen(db: EntityManager, flowId: string, reason: JourneyStopReason, now: Date): Promise<number> {
    const customers: Array<{ customer_id: string }> = await db.query(
      `SELECT DISTINCT customer_id FROM journey_instances WHERE flow_id = $1 AND status IN ('active', 'waiting')`,
      [flowId],
    );
    if (customers.length === 0) return 0;
    const ids = customers.map((c) => c.customer_id);
    await db.query(`SELECT id FROM customers WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`, [ids]);
    // Read again under the locks: an engine batch may have moved some on meanwhile.
    const open: Array<{ state: JourneyInstance; number: number }> = await db.query(
      `SELECT j.state, v.number
         FROM journey_instances j
         CROSS JOIN LATERAL (SELECT number FROM flow_versions fv
                              WHERE fv.flow_id = j.flow_id AND fv.version = j.flow_version
                              ORDER BY fv.number DESC LIMIT 1) v
        WHERE j.flow_id = $1 AND j.status IN ('active', 'waiting') AND j.customer_id = ANY($2::text[])
        ORDER BY j.id
          FOR UPDATE OF j`,
      [flowId, ids],
    );
    if (open.length === 0) return 0;
    const stopped = open.map((row) => stopJourney(row.state, reason, Number(row.number), now));
    await db.query(
      `UPDATE journey_instances j SET status = x.state->>'status', outcome = x.state->>'outcome', current_step = x.state->>'current_step',
              state = x.state, updated_at = $2, exited_at = $2
         FROM jsonb_to_recordset($1::jsonb) AS x(id text, state jsonb)
        WHERE j.id = x.id`,
      [JSON.stringify(stopped.map((s) => ({ id: s.instance.id, state: s.instance }))), now],
    );
    await db.query(
      `UPDATE journey_timers SET status = 'cancelled', cancelled_at = $2 WHERE journey_id = ANY($1::text[]) AND status = 'pending'`,
      [stopped.map((s) => s.instance.id), now],
    );
    await this.activity.insertMany(
      db,
      stopped.map((s) => s.activity),
    );
    await this.outbox.insertMany(
      db,
      stopped.map((s) => s.message),
    );
    return stopped.length;
  }
}

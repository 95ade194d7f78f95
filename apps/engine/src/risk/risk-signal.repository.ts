import { Injectable } from '@nestjs/common';
import type { RiskSignal } from '@postventa/risk';
import { EntityManager } from 'typeorm';

export interface StoredSignal {
  eventId: string;
  customerId: string;
  signal: RiskSignal;
}

/** The risk signals kept per customer (only as far back as the model can look). */
@Injectable()
export class RiskSignalRepository {
  async insertMany(db: EntityManager, signals: readonly StoredSignal[]): Promise<void> {
    if (signals.length === 0) return;
    await db.query(
      `INSERT INTO risk_signals (event_id, customer_id, kind, at, signal)
       SELECT event_id, customer_id, kind, at, signal
         FROM jsonb_to_recordset($1::jsonb) AS x(event_id text, customer_id text, kind text, at timestamptz, signal jsonb)
       ON CONFLICT (event_id) DO NOTHING`,
      [
        JSON.stringify(
          signals.map((s) => ({
            event_id: s.eventId,
            customer_id: s.customerId,
            kind: s.signal.kind,
            at: s.signal.at,
            signal: s.signal,
          })),
        ),
      ],
    );
  }

  /**
   * Drops the signals older than `before` (they can no longer change the score) and returns the
   * rest, oldest first, in one statement (the query reads the rows as they were before the
   * delete, so it leaves out the same ones).
   */
  async pruneAndLoad(
    db: EntityManager,
    customerIds: readonly string[],
    before: Date,
  ): Promise<Map<string, RiskSignal[]>> {
    const out = new Map<string, RiskSignal[]>();
    if (customerIds.length === 0) return out;
    const rows: Array<{ customer_id: string; signal: RiskSignal }> = await db.query(
      `WITH pruned AS (DELETE FROM risk_signals WHERE customer_id = ANY($1::text[]) AND at < $2)
       SELECT customer_id, signal FROM risk_signals
        WHERE customer_id = ANY($1::text[]) AND at >= $2
        ORDER BY at, event_id`,
      [customerIds, before],
    );
    for (const row of rows) {
      const list = out.get(row.customer_id);
      if (list) list.push(row.signal);
      else out.set(row.customer_id, [row.signal]);
    }
    return out;
  }
}

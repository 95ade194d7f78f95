import { Injectable } from '@nestjs/common';
import type { SqlRead, SqlWrite } from '@postventa/persistence';
import type { RiskSignal } from '@postventa/risk';

/** A risk_signals row as it is read. */
type SignalRow = { event_id: string; customer_id: string; signal: RiskSignal };

export interface StoredSignal {
  eventId: string;
  customerId: string;
  signal: RiskSignal;
}

/** The risk signals kept per customer (only as far back as the model can look). */
@Injectable()
export class RiskSignalRepository {
  /**
   * Records signals (an event id already recorded is left alone), as one write of a combined
   * statement (`runWrites`); null when there is nothing to write.
   */
  insertWrite(signals: readonly StoredSignal[]): SqlWrite | null {
    if (signals.length === 0) return null;
    return {
      sql: `INSERT INTO risk_signals (event_id, customer_id, kind, at, signal)
       SELECT event_id, customer_id, kind, at, signal
         FROM jsonb_to_recordset($1::jsonb) AS x(event_id text, customer_id text, kind text, at timestamptz, signal jsonb)
       ON CONFLICT (event_id) DO NOTHING`,
      params: [
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
    };
  }

  /** The signals of these customers at or after `from` (what the model can still count), oldest first. */
  keptRead(customerIds: readonly string[], from: Date): SqlRead<Map<string, StoredSignal[]>> {
    return {
      sql: `SELECT event_id, customer_id, signal FROM risk_signals
        WHERE customer_id = ANY($1::text[]) AND at >= $2
        ORDER BY at, event_id`,
      params: [customerIds, from],
      map: (rows) => {
        const kept = new Map<string, StoredSignal[]>();
        for (const row of rows as SignalRow[]) {
          const stored = { eventId: row.event_id, customerId: row.customer_id, signal: row.signal };
          const list = kept.get(row.customer_id);
          if (list) list.push(stored);
          else kept.set(row.customer_id, [stored]);
        }
        return kept;
      },
    };
  }

  /**
   * Drops these customers' signals before `before` (they can no longer change the score), as one
   * write of a combined statement (`runWrites`); null when there are no customers.
   */
  pruneWrite(customerIds: readonly string[], before: Date): SqlWrite | null {
    if (customerIds.length === 0) return null;
    return {
      sql: `DELETE FROM risk_signals WHERE customer_id = ANY($1::text[]) AND at < $2`,
      params: [customerIds, before],
    };
  }
}

import { Injectable } from '@nestjs/common';
import type { SendRecord } from '@postventa/journeys';
import type { SqlRead, SqlWrite } from '@postventa/persistence';

/** A message the engine issued to a customer (email or survey), for frequency caps across flows. */
export interface SentMessage extends SendRecord {
  customer_id: string;
  command_id: string;
  journey_id: string;
}

/** A sent_messages row as the batch reads it. */
type SentRow = {
  customer_id: string;
  command_id: string;
  flow_id: string | null;
  category: SendRecord['category'];
  sent_at: Date | string;
};

/** What was sent to whom and when (at issue time), for frequency caps. */
@Injectable()
export class SendHistoryRepository {
  /**
   * The sends to these customers after `since`, oldest first, in one query: to run alone
   * (`runRead`) or with other reads (`combineReads`).
   */
  sinceRead(customerIds: readonly string[], since: Date): SqlRead<Map<string, SendRecord[]>> {
    return {
      sql: `SELECT customer_id, command_id, flow_id, category, sent_at FROM sent_messages
        WHERE customer_id = ANY($1::text[]) AND sent_at > $2 ORDER BY sent_at`,
      params: [customerIds, since],
      map: (rows) => {
        const history = new Map<string, SendRecord[]>();
        for (const r of rows as SentRow[]) {
          const record: SendRecord = {
            at: new Date(r.sent_at).toISOString(),
            category: r.category,
            command_id: r.command_id,
            ...(r.flow_id ? { flow_id: r.flow_id } : {}),
          };
          const list = history.get(r.customer_id);
          if (list) list.push(record);
          else history.set(r.customer_id, [record]);
        }
        return history;
      },
    };
  }

  /**
   * Records sends (a command id already recorded is left alone), as one write of a combined
   * statement (`runWrites`); null when there is nothing to write.
   */
  insertWrite(sends: readonly SentMessage[]): SqlWrite | null {
    if (sends.length === 0) return null;
    const rows = sends.map((s) => ({
      command_id: s.command_id,
      customer_id: s.customer_id,
      flow_id: s.flow_id ?? null,
      journey_id: s.journey_id,
      category: s.category,
      sent_at: s.at,
    }));
    return {
      sql: `INSERT INTO sent_messages (command_id, customer_id, flow_id, journey_id, category, sent_at)
       SELECT command_id, customer_id, flow_id, journey_id, category, sent_at
         FROM jsonb_to_recordset($1::jsonb) AS x(command_id text, customer_id text, flow_id text, journey_id text, category text, sent_at timestamptz)
       ON CONFLICT (command_id) DO NOTHING`,
      params: [JSON.stringify(rows)],
    };
  }
}

import { Injectable } from '@nestjs/common';
import type { RiskLevel, RiskReason, RiskScore } from '@postventa/risk';
import type { SqlRead, SqlWrite } from '@postventa/persistence';
import { EntityManager } from 'typeorm';

export interface CustomerRisk extends RiskScore {
  customerId: string;
  computedAt: string;
}

type CustomerRiskRow = {
  customer_id: string;
  score: number;
  level: RiskLevel;
  reasons: RiskReason[];
  next_review_at: Date | null;
  computed_at: Date;
};

function toRisk(row: CustomerRiskRow): CustomerRisk {
  return {
    customerId: row.customer_id,
    score: row.score,
    level: row.level,
    reasons: row.reasons,
    ...(row.next_review_at ? { nextReviewAt: new Date(row.next_review_at).toISOString() } : {}),
    computedAt: new Date(row.computed_at).toISOString(),
  };
}

const COLUMNS = 'customer_id, score, level, reasons, next_review_at, computed_at';

/** The current risk score of each customer, with its reasons and when to look again. */
@Injectable()
export class CustomerRiskRepository {
  /** The scores of these customers, locked until the transaction ends; to run with other reads (`combineReads`). */
  lockRead(customerIds: readonly string[]): SqlRead<Map<string, CustomerRisk>> {
    return {
      sql: `SELECT ${COLUMNS} FROM customer_risk WHERE customer_id = ANY($1::text[]) ORDER BY customer_id FOR UPDATE`,
      params: [customerIds],
      map: (rows) => new Map((rows as CustomerRiskRow[]).map((row) => [row.customer_id, toRisk(row)])),
    };
  }

  /**
   * Claims customers whose review time has passed, skipping those another transaction holds (an
   * ingestion batch or another engine's poller is already recomputing them).
   */
  async claimDue(db: EntityManager, now: Date, limit: number): Promise<string[]> {
    const rows: Array<{ customer_id: string }> = await db.query(
      `SELECT customer_id FROM customer_risk WHERE next_review_at <= $1
        ORDER BY next_review_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
    return rows.map((row) => row.customer_id);
  }

  /** Stores the scores, as one write of a combined statement (`runWrites`); null when there is nothing to write. */
  upsertWrite(risks: readonly CustomerRisk[]): SqlWrite | null {
    if (risks.length === 0) return null;
    return {
      sql: `INSERT INTO customer_risk (customer_id, score, level, reasons, next_review_at, computed_at)
       SELECT customer_id, score, level, reasons, next_review_at, computed_at
         FROM jsonb_to_recordset($1::jsonb) AS x(customer_id text, score integer, level text, reasons jsonb, next_review_at timestamptz, computed_at timestamptz)
       ON CONFLICT (customer_id) DO UPDATE SET
         score = EXCLUDED.score, level = EXCLUDED.level, reasons = EXCLUDED.reasons,
         next_review_at = EXCLUDED.next_review_at, computed_at = EXCLUDED.computed_at, updated_at = now()`,
      params: [
        JSON.stringify(
          risks.map((r) => ({
            customer_id: r.customerId,
            score: r.score,
            level: r.level,
            reasons: r.reasons,
            next_review_at: r.nextReviewAt ?? null,
            computed_at: r.computedAt,
          })),
        ),
      ],
    };
  }

  async find(db: EntityManager, customerId: string): Promise<CustomerRisk | null> {
    const rows: CustomerRiskRow[] = await db.query(`SELECT ${COLUMNS} FROM customer_risk WHERE customer_id = $1`, [
      customerId,
    ]);
    return rows[0] ? toRisk(rows[0]) : null;
  }
}

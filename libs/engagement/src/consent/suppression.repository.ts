import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/**
 * - `customer` + `marketing`: unsubscribed from marketing email and surveys;
 * - `customer` + `all`: unsubscribed from everything that is not essential;
 * - `address` + `bounce`: the address hard-bounced; nothing more goes to it.
 */
export type SuppressionKind = 'customer' | 'address';
export type SuppressionCategory = 'marketing' | 'all' | 'bounce';

export interface Suppression {
  kind: SuppressionKind;
  /** The customer id, or the lower-cased address. */
  subject: string;
  category: SuppressionCategory;
  customerId?: string;
  reason?: string;
  commandId?: string;
}

/** The suppression list, shared by the dispatcher (reads, adds bounces) and the gateway (adds unsubscribes). */
@Injectable()
export class SuppressionRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Every suppression of these customers and addresses, in one query. */
  async findFor(customerIds: string[], addresses: string[]): Promise<Suppression[]> {
    if (customerIds.length === 0 && addresses.length === 0) return [];
    const rows: Array<{ kind: SuppressionKind; subject: string; category: SuppressionCategory }> =
      await this.dataSource.query(
        `SELECT kind, subject, category FROM suppressions
        WHERE (kind = 'customer' AND subject = ANY($1)) OR (kind = 'address' AND subject = ANY($2))`,
        [customerIds, addresses.map((a) => a.toLowerCase())],
      );
    return rows;
  }

  /** Adds suppressions (already present ones are kept as they are); returns how many were new. */
  async add(suppressions: Suppression[], now: Date, db: EntityManager | DataSource = this.dataSource): Promise<number> {
    if (suppressions.length === 0) return 0;
    const rows = suppressions.map((s) => ({
      kind: s.kind,
      subject: s.kind === 'address' ? s.subject.toLowerCase() : s.subject,
      category: s.category,
      customer_id: s.customerId ?? null,
      reason: s.reason ?? null,
      command_id: s.commandId ?? null,
    }));
    const inserted: Array<{ subject: string }> = await db.query(
      `INSERT INTO suppressions (kind, subject, category, customer_id, reason, command_id, created_at)
       SELECT r.kind, r.subject, r.category, r.customer_id, r.reason, r.command_id, $2
         FROM jsonb_to_recordset($1::jsonb) AS r(kind text, subject text, category text, customer_id text, reason text, command_id text)
       ON CONFLICT (kind, subject, category) DO NOTHING
       RETURNING subject`,
      [JSON.stringify(rows), now],
    );
    return inserted.length;
  }
}

/** Whether an email of this category may go to this customer and address. */
export function suppressionFor(
  suppressions: readonly Suppression[],
  customerId: string,
  address: string,
  category: 'transactional' | 'marketing',
): Suppression | undefined {
  const lower = address.toLowerCase();
  return suppressions.find(
    (s) =>
      (s.kind === 'address' && s.subject === lower && s.category === 'bounce') ||
      (category === 'marketing' &&
        s.kind === 'customer' &&
        s.subject === customerId &&
        (s.category === 'marketing' || s.category === 'all')),
  );
}

import { Injectable } from '@nestjs/common';
import type { CustomerProfile } from '@postventa/contracts';
import { DataSource } from 'typeorm';

/** A row of the engine's customers table: the contracts' one customer type, as PostgreSQL returns it. */
export type CustomerRow = Pick<
  CustomerProfile,
  'id' | 'email' | 'name' | 'locale' | 'timezone' | 'phone' | 'attributes' | 'consent' | 'tags'
> & {
  first_seen_at: Date;
  last_seen_at: Date;
  event_count: number;
};

export interface CustomerCounts {
  open_journeys: number;
  journeys: number;
  open_alerts: number;
}

export interface JourneyRow {
  id: string;
  flow_id: string;
  flow_version: string;
  order_id: string | null;
  status: string;
  current_step: string | null;
  outcome: string | null;
  entered_at: Date;
  updated_at: Date;
  exited_at: Date | null;
}

/** `%`, `_` and `\` match themselves in a LIKE pattern. */
const likePrefix = (text: string) => `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Reads customers and their journeys for the admin API (the engine writes them). */
@Injectable()
export class CustomerDirectoryRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Customers whose id, email or name (or a word of the name) starts with `query`, case-insensitive;
   * exact id and email matches first, then the most recently seen.
   */
  async search(query: string, limit: number, offset: number): Promise<{ customers: CustomerRow[]; total: number }> {
    const q = query.trim().toLowerCase();
    const rows: Array<CustomerRow & { total: string }> = await this.dataSource.query(
      `SELECT id, email, name, locale, timezone, phone, attributes, consent, tags, first_seen_at, last_seen_at, event_count,
              count(*) OVER () AS total
         FROM customers
        WHERE $1 = '' OR id LIKE $3 OR lower(email) LIKE $2 OR lower(name) LIKE $2 OR lower(name) LIKE '% ' || $2
        ORDER BY (lower(id) = $1 OR lower(email) = $1) DESC, last_seen_at DESC, id
        LIMIT $4 OFFSET $5`,
      [q, likePrefix(q), likePrefix(query.trim()), limit, offset],
    );
    return { customers: rows.map(({ total: _total, ...row }) => row), total: Number(rows[0]?.total ?? 0) };
  }

  async find(id: string): Promise<(CustomerRow & CustomerCounts) | undefined> {
    const [row]: Array<CustomerRow & Record<keyof CustomerCounts, string>> = await this.dataSource.query(
      `SELECT c.id, c.email, c.name, c.locale, c.timezone, c.phone, c.attributes, c.consent, c.tags, c.first_seen_at,
              c.last_seen_at, c.event_count,
              (SELECT count(*) FROM journey_instances j WHERE j.customer_id = c.id AND j.status IN ('active', 'waiting')) AS open_journeys,
              (SELECT count(*) FROM journey_instances j WHERE j.customer_id = c.id) AS journeys,
              (SELECT count(*) FROM alerts a WHERE a.customer_id = c.id AND a.state <> 'resolved') AS open_alerts
         FROM customers c WHERE c.id = $1`,
      [id],
    );
    if (!row) return undefined;
    return {
      ...row,
      open_journeys: Number(row.open_journeys),
      journeys: Number(row.journeys),
      open_alerts: Number(row.open_alerts),
    };
  }

  async exists(id: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM customers WHERE id = $1`, [id]);
    return rows.length > 0;
  }

  /** The customer's journeys, newest first. */
  async journeys(customerId: string, limit: number): Promise<JourneyRow[]> {
    return this.dataSource.query(
      `SELECT id, flow_id, flow_version, order_id, status, current_step, outcome, entered_at, updated_at, exited_at
         FROM journey_instances WHERE customer_id = $1 ORDER BY entered_at DESC, id LIMIT $2`,
      [customerId, limit],
    );
  }
}

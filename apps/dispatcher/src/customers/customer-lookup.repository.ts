import { Injectable } from '@nestjs/common';
import type { CustomerProfile } from '@postventa/contracts';
import { DataSource } from 'typeorm';

/** What the dispatcher needs of a customer profile (the engine writes them). */
export type Recipient = Pick<CustomerProfile, 'id' | 'email' | 'name' | 'locale' | 'timezone' | 'consent'>;

/** Read-only access to the customers table. */
@Injectable()
export class CustomerLookupRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The profiles of these customers, in one query. */
  async findMany(ids: string[]): Promise<Map<string, Recipient>> {
    if (ids.length === 0) return new Map();
    const rows: Recipient[] = await this.dataSource.query(
      `SELECT id, email, name, locale, timezone, consent FROM customers WHERE id = ANY($1)`,
      [[...new Set(ids)]],
    );
    return new Map(rows.map((r) => [r.id, r]));
  }
}

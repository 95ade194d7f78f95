import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { runWrites, type SqlWrite } from '@postventa/persistence';
import type { CustomerProfile } from './customer-profile';

/** A customers row: the profile, with its bookkeeping columns in snake_case. */
type CustomerRow = Omit<CustomerProfile, 'fieldTimes' | 'firstSeenAt' | 'lastSeenAt' | 'eventCount'> & {
  field_times: Record<string, string>;
  first_seen_at: Date | string;
  last_seen_at: Date | string;
  event_count: number;
};

const COLUMNS =
  'id, email, name, locale, timezone, phone, attributes, consent, tags, field_times, first_seen_at, last_seen_at, event_count';

/** Customer profiles: loaded and written a batch at a time. */
@Injectable()
export class CustomerRepository {
  /** Loads the customers of a batch in one query, locking them until the transaction ends. */
  async loadForUpdate(db: EntityManager, ids: readonly string[]): Promise<Map<string, CustomerProfile>> {
    if (ids.length === 0) return new Map();
    const rows: CustomerRow[] = await db.query(
      `SELECT ${COLUMNS} FROM customers WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, toProfile(r)]));
  }

  async findById(db: EntityManager, id: string): Promise<CustomerProfile | null> {
    const rows: CustomerRow[] = await db.query(`SELECT ${COLUMNS} FROM customers WHERE id = $1`, [id]);
    return rows[0] ? toProfile(rows[0]) : null;
  }

  /** Writes the profiles in one statement. */
  async upsertMany(db: EntityManager, profiles: readonly CustomerProfile[]): Promise<void> {
    await runWrites(db, [this.upsertWrite(profiles)]);
  }

  /** The upsert of `upsertMany` as one write of a combined statement (null when there is nothing to write). */
  upsertWrite(profiles: readonly CustomerProfile[]): SqlWrite | null {
    if (profiles.length === 0) return null;
    const rows = profiles.map(({ fieldTimes, firstSeenAt, lastSeenAt, eventCount, ...same }): CustomerRow => ({
      ...same,
      field_times: fieldTimes,
      first_seen_at: firstSeenAt,
      last_seen_at: lastSeenAt,
      event_count: eventCount,
    }));
    return {
      sql: `INSERT INTO customers (${COLUMNS})
       SELECT id, email, name, locale, timezone, phone, attributes, consent, ARRAY(SELECT jsonb_array_elements_text(tags)), field_times, first_seen_at, last_seen_at, event_count
         FROM jsonb_to_recordset($1::jsonb) AS x(id text, email text, name text, locale text, timezone text, phone text,
              attributes jsonb, consent jsonb, tags jsonb, field_times jsonb, first_seen_at timestamptz, last_seen_at timestamptz, event_count integer)
       ON CONFLICT (id) DO UPDATE SET
         email = EXCLUDED.email, name = EXCLUDED.name, locale = EXCLUDED.locale, timezone = EXCLUDED.timezone,
         phone = EXCLUDED.phone, attributes = EXCLUDED.attributes, consent = EXCLUDED.consent, tags = EXCLUDED.tags,
         field_times = EXCLUDED.field_times, first_seen_at = EXCLUDED.first_seen_at, last_seen_at = EXCLUDED.last_seen_at,
         event_count = EXCLUDED.event_count, updated_at = now()`,
      params: [JSON.stringify(rows)],
    };
  }
}

function toProfile({ field_times, first_seen_at, last_seen_at, event_count, ...same }: CustomerRow): CustomerProfile {
  return {
    ...same,
    fieldTimes: field_times,
    firstSeenAt: new Date(first_seen_at).toISOString(),
    lastSeenAt: new Date(last_seen_at).toISOString(),
    eventCount: event_count,
  };
}

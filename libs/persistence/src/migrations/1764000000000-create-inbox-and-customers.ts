import { MigrationInterface, QueryRunner } from 'typeorm';

/** Ingestion: the idempotent inbox of every accepted event, and the customer profiles built from them. */
export class CreateInboxAndCustomers1764000000000 implements MigrationInterface {
  name = 'CreateInboxAndCustomers1764000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE inbox_events (
        event_id     text        PRIMARY KEY,
        type         text        NOT NULL,
        source       text        NOT NULL,
        customer_id  text        NOT NULL,
        event_time   timestamptz NOT NULL,
        received_at  timestamptz NOT NULL DEFAULT now(),
        topic        text,
        partition    integer,
        "offset"     bigint,
        envelope     jsonb       NOT NULL,
        processed_at timestamptz
      )`);
    await db.query(`CREATE INDEX inbox_events_customer_time_idx ON inbox_events (customer_id, event_time)`);
    await db.query(`CREATE INDEX inbox_events_type_time_idx ON inbox_events (type, event_time)`);
    await db.query(
      `CREATE INDEX inbox_events_unprocessed_idx ON inbox_events (received_at) WHERE processed_at IS NULL`,
    );
    await db.query(`
      CREATE TABLE customers (
        id            text        PRIMARY KEY,
        email         text,
        name          text,
        locale        text,
        timezone      text,
        phone         text,
        attributes    jsonb       NOT NULL DEFAULT '{}'::jsonb,
        consent       jsonb       NOT NULL DEFAULT '{}'::jsonb,
        tags          text[]      NOT NULL DEFAULT '{}',
        field_times   jsonb       NOT NULL DEFAULT '{}'::jsonb,
        first_seen_at timestamptz NOT NULL,
        last_seen_at  timestamptz NOT NULL,
        event_count   integer     NOT NULL DEFAULT 0,
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX customers_email_idx ON customers (lower(email))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE customers`);
    await db.query(`DROP TABLE inbox_events`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Dispatcher: one delivery row per command (the exactly-once record, claimed before SMTP and
 * finished after it), the suppression list (unsubscribes by customer, hard bounces by address),
 * and survey answers (one row per survey; a later click within the window updates it).
 */
export class CreateDeliveriesAndConsent1764100000000 implements MigrationInterface {
  name = 'CreateDeliveriesAndConsent1764100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE deliveries (
        command_id       text        PRIMARY KEY,
        command_type     text        NOT NULL,
        customer_id      text        NOT NULL,
        category         text        NOT NULL,
        template         text        NOT NULL,
        command          jsonb       NOT NULL,
        status           text        NOT NULL
          CHECK (status IN ('queued', 'sending', 'retry', 'sent', 'failed', 'suppressed', 'unknown')),
        attempts         integer     NOT NULL DEFAULT 0,
        next_attempt_at  timestamptz,
        lease_owner      text,
        lease_until      timestamptz,
        message_id       text        NOT NULL,
        locale           text,
        smtp_response    text,
        error_code       text,
        error_message    text,
        event_pending    boolean     NOT NULL DEFAULT false,
        source_topic     text,
        source_partition integer,
        source_offset    bigint,
        created_at       timestamptz NOT NULL DEFAULT now(),
        updated_at       timestamptz NOT NULL DEFAULT now(),
        sent_at          timestamptz
      )`);
    await db.query(`CREATE INDEX deliveries_retry_due_idx ON deliveries (next_attempt_at) WHERE status = 'retry'`);
    await db.query(
      `CREATE INDEX deliveries_leased_idx ON deliveries (lease_until) WHERE status IN ('queued', 'sending')`,
    );
    await db.query(`CREATE INDEX deliveries_event_pending_idx ON deliveries (updated_at) WHERE event_pending`);
    await db.query(`CREATE INDEX deliveries_customer_idx ON deliveries (customer_id, created_at)`);
    await db.query(`
      CREATE TABLE suppressions (
        kind        text        NOT NULL CHECK (kind IN ('customer', 'address')),
        subject     text        NOT NULL,
        category    text        NOT NULL CHECK (category IN ('marketing', 'all', 'bounce')),
        customer_id text,
        reason      text,
        command_id  text,
        created_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (kind, subject, category)
      )`);
    await db.query(`
      CREATE TABLE survey_answers (
        survey_id         text        PRIMARY KEY,
        customer_id       text        NOT NULL,
        kind              text        NOT NULL CHECK (kind IN ('nps', 'csat', 'ces')),
        score             integer     NOT NULL,
        comment           text,
        revision          integer     NOT NULL DEFAULT 1,
        command_id        text,
        flow_id           text,
        flow_version      integer,
        step_id           text,
        journey_id        text,
        order_id          text,
        first_answered_at timestamptz NOT NULL,
        updated_at        timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX survey_answers_customer_idx ON survey_answers (customer_id, first_answered_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE survey_answers`);
    await db.query(`DROP TABLE suppressions`);
    await db.query(`DROP TABLE deliveries`);
  }
}

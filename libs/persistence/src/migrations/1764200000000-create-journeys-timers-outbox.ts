import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Journeys: published flow versions, journey instances (the interpreter's state), durable timers,
 * the transactional outbox, the activity record for KPIs and the send history for frequency caps.
 */
export class CreateJourneysTimersOutbox1764200000000 implements MigrationInterface {
  name = 'CreateJourneysTimersOutbox1764200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE flow_versions (
        flow_id      text        NOT NULL,
        version      text        NOT NULL,
        number       integer     NOT NULL,
        name         text        NOT NULL,
        source       text        NOT NULL,
        source_file  text,
        definition   jsonb       NOT NULL,
        status       text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'archived')),
        published_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (flow_id, version),
        UNIQUE (flow_id, number)
      )`);
    await db.query(`
      CREATE TABLE journey_instances (
        id            text        PRIMARY KEY,
        flow_id       text        NOT NULL,
        flow_version  text        NOT NULL,
        customer_id   text        NOT NULL,
        entry_key     text        NOT NULL,
        order_id      text,
        status        text        NOT NULL,
        current_step  text,
        outcome       text,
        state         jsonb       NOT NULL,
        entered_at    timestamptz NOT NULL,
        updated_at    timestamptz NOT NULL,
        exited_at     timestamptz
      )`);
    await db.query(`CREATE INDEX journey_instances_customer_idx ON journey_instances (customer_id)`);
    await db.query(`CREATE INDEX journey_instances_flow_key_idx ON journey_instances (flow_id, entry_key)`);
    await db.query(
      `CREATE INDEX journey_instances_open_idx ON journey_instances (flow_id, flow_version) WHERE status IN ('active', 'waiting')`,
    );
    await db.query(`
      CREATE TABLE journey_timers (
        timer_id     text        PRIMARY KEY,
        journey_id   text        NOT NULL,
        customer_id  text        NOT NULL,
        flow_id      text        NOT NULL,
        flow_version text        NOT NULL,
        step_id      text        NOT NULL,
        seq          integer     NOT NULL,
        purpose      text        NOT NULL,
        due_at       timestamptz NOT NULL,
        status       text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'fired', 'cancelled')),
        created_at   timestamptz NOT NULL DEFAULT now(),
        fired_at     timestamptz,
        cancelled_at timestamptz
      )`);
    await db.query(`CREATE INDEX journey_timers_due_idx ON journey_timers (due_at) WHERE status = 'pending'`);
    await db.query(`CREATE INDEX journey_timers_journey_idx ON journey_timers (journey_id)`);
    await db.query(`
      CREATE TABLE outbox (
        id           bigserial   PRIMARY KEY,
        topic        text        NOT NULL,
        key          text,
        headers      jsonb       NOT NULL DEFAULT '{}'::jsonb,
        payload      jsonb       NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      )`);
    await db.query(
      `COMMENT ON COLUMN outbox.topic IS 'logical topic key (commands, activity, timers, deadLetter); the relay maps it to the Kafka topic'`,
    );
    await db.query(`CREATE INDEX outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL`);
    await db.query(`
      CREATE TABLE activity (
        id            text        PRIMARY KEY,
        type          text        NOT NULL,
        customer_id   text        NOT NULL,
        journey_id    text,
        flow_id       text,
        flow_version  integer,
        step_id       text,
        moment        text,
        order_id      text,
        outcome       text,
        command_id    text,
        occurred_at   timestamptz NOT NULL,
        data          jsonb       NOT NULL
      )`);
    await db.query(
      `COMMENT ON COLUMN activity.flow_version IS 'published version number of the flow (flow_versions.number)'`,
    );
    await db.query(`CREATE INDEX activity_customer_time_idx ON activity (customer_id, occurred_at)`);
    await db.query(`CREATE INDEX activity_flow_type_time_idx ON activity (flow_id, type, occurred_at)`);
    await db.query(`CREATE INDEX activity_journey_idx ON activity (journey_id)`);
    await db.query(`
      CREATE TABLE sent_messages (
        command_id   text        PRIMARY KEY,
        customer_id  text        NOT NULL,
        flow_id      text,
        journey_id   text,
        category     text        NOT NULL,
        sent_at      timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX sent_messages_customer_time_idx ON sent_messages (customer_id, sent_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE sent_messages`);
    await db.query(`DROP TABLE activity`);
    await db.query(`DROP TABLE outbox`);
    await db.query(`DROP TABLE journey_timers`);
    await db.query(`DROP TABLE journey_instances`);
    await db.query(`DROP TABLE flow_versions`);
  }
}

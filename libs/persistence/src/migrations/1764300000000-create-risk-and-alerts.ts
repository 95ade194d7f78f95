import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * At-risk customers: the risk signals kept per customer (bounded by the model's lookback), the
 * current score of each customer, support alerts with their history, their email / webhook
 * deliveries, and the round-robin position of each team.
 */
export class CreateRiskAndAlerts1764300000000 implements MigrationInterface {
  name = 'CreateRiskAndAlerts1764300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE risk_signals (
        event_id    text        PRIMARY KEY,
        customer_id text        NOT NULL,
        kind        text        NOT NULL,
        at          timestamptz NOT NULL,
        signal      jsonb       NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX risk_signals_customer_at_idx ON risk_signals (customer_id, at)`);
    await db.query(`
      CREATE TABLE customer_risk (
        customer_id    text        PRIMARY KEY,
        score          integer     NOT NULL CHECK (score BETWEEN 0 AND 100),
        level          text        NOT NULL CHECK (level IN ('low', 'medium', 'high', 'critical')),
        reasons        jsonb       NOT NULL DEFAULT '[]'::jsonb,
        next_review_at timestamptz,
        computed_at    timestamptz NOT NULL,
        updated_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(
      `CREATE INDEX customer_risk_review_idx ON customer_risk (next_review_at) WHERE next_review_at IS NOT NULL`,
    );
    await db.query(`
      CREATE TABLE alerts (
        id               text        PRIMARY KEY,
        customer_id      text        NOT NULL,
        reason           text        NOT NULL,
        source           text        NOT NULL CHECK (source IN ('risk', 'flow')),
        severity         text        NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
        state            text        NOT NULL CHECK (state IN ('open', 'acknowledged', 'resolved')),
        resolution       text        CHECK (resolution IN ('manual', 'auto')),
        reasons          jsonb       NOT NULL DEFAULT '[]'::jsonb,
        timeline         jsonb       NOT NULL DEFAULT '[]'::jsonb,
        risk_score       integer,
        team             text        NOT NULL,
        owner            text,
        signal_count     integer     NOT NULL DEFAULT 1,
        first_signal_at  timestamptz NOT NULL,
        last_signal_at   timestamptz NOT NULL,
        raised_at        timestamptz NOT NULL,
        sla_due_at       timestamptz NOT NULL,
        acknowledged_at  timestamptz,
        acknowledged_by  text,
        resolved_at      timestamptz,
        resolved_by      text,
        resolution_note  text,
        escalated_at     timestamptz,
        command_id       text,
        journey_id       text,
        flow_id          text,
        flow_version     integer,
        step_id          text,
        moment           text,
        order_id         text,
        note             text,
        data             jsonb       NOT NULL DEFAULT '{}'::jsonb,
        updated_at       timestamptz NOT NULL DEFAULT now()
      )`);
    // At most one alert that is not resolved per customer and reason: a new signal updates it.
    await db.query(
      `CREATE UNIQUE INDEX alerts_one_open_per_reason_idx ON alerts (customer_id, reason) WHERE state <> 'resolved'`,
    );
    await db.query(
      `CREATE INDEX alerts_sla_due_idx ON alerts (sla_due_at) WHERE state = 'open' AND escalated_at IS NULL`,
    );
    await db.query(`CREATE INDEX alerts_state_raised_idx ON alerts (state, raised_at DESC)`);
    await db.query(`CREATE INDEX alerts_customer_idx ON alerts (customer_id, raised_at)`);
    await db.query(`
      CREATE TABLE alert_events (
        id          bigserial   PRIMARY KEY,
        alert_id    text        NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
        type        text        NOT NULL,
        actor       text        NOT NULL,
        note        text,
        data        jsonb       NOT NULL DEFAULT '{}'::jsonb,
        dedupe_key  text        UNIQUE,
        at          timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX alert_events_alert_idx ON alert_events (alert_id, id)`);
    await db.query(`
      CREATE TABLE alert_notifications (
        id              bigserial   PRIMARY KEY,
        alert_id        text        NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
        purpose         text        NOT NULL CHECK (purpose IN ('raised', 'assigned', 'escalated')),
        channel         text        NOT NULL CHECK (channel IN ('email', 'webhook')),
        recipient       text        NOT NULL,
        status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
        attempts        integer     NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        lease_until     timestamptz,
        http_status     integer,
        message_id      text,
        last_error      text,
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        sent_at         timestamptz,
        UNIQUE (alert_id, purpose, channel, recipient)
      )`);
    await db.query(
      `CREATE INDEX alert_notifications_due_idx ON alert_notifications (next_attempt_at) WHERE status IN ('pending', 'sending')`,
    );
    await db.query(`
      CREATE TABLE alert_assignment_cursors (
        team       text        PRIMARY KEY,
        position   bigint      NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE alert_assignment_cursors`);
    await db.query(`DROP TABLE alert_notifications`);
    await db.query(`DROP TABLE alert_events`);
    await db.query(`DROP TABLE alerts`);
    await db.query(`DROP TABLE customer_risk`);
    await db.query(`DROP TABLE risk_signals`);
  }
}

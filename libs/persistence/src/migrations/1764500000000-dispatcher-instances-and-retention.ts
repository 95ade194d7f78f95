import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fast lease recovery and retention:
 * - `dispatcher_instances`: one row per running dispatcher process, with a heartbeat. A delivery
 *   held by an instance that stopped beating (or that a restart of the same instance replaced) is
 *   taken over at once instead of waiting for its lease to run out;
 * - deliveries remember which instance holds them and what is known of the SMTP conversation
 *   (when the email was handed to SMTP, the last stage reached, the response code), so an
 *   `unknown` outcome can be shown with its facts;
 * - indexes for pruning by age (activity, inbox, finished deliveries) in small batches.
 */
export class DispatcherInstancesAndRetention1764500000000 implements MigrationInterface {
  name = 'DispatcherInstancesAndRetention1764500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE dispatcher_instances (
        instance_id  text        PRIMARY KEY,
        name         text        NOT NULL,
        started_at   timestamptz NOT NULL,
        heartbeat_at timestamptz NOT NULL,
        stopped_at   timestamptz
      )`);
    await db.query(`CREATE INDEX dispatcher_instances_name_idx ON dispatcher_instances (name)`);
    await db.query(`
      ALTER TABLE deliveries
        ADD COLUMN lease_instance     text,
        ADD COLUMN sending_at         timestamptz,
        ADD COLUMN smtp_stage         text,
        ADD COLUMN smtp_response_code integer,
        ADD COLUMN unknown_at         timestamptz`);
    await db.query(
      `CREATE INDEX deliveries_lease_instance_idx ON deliveries (lease_instance) WHERE status IN ('queued', 'sending')`,
    );
    await db.query(`CREATE INDEX deliveries_unknown_idx ON deliveries (unknown_at DESC) WHERE status = 'unknown'`);
    await db.query(
      `CREATE INDEX deliveries_finished_idx ON deliveries (updated_at) WHERE status IN ('sent', 'failed', 'suppressed') AND NOT event_pending`,
    );
    await db.query(`CREATE INDEX activity_occurred_at_idx ON activity (occurred_at)`);
    await db.query(`CREATE INDEX inbox_events_received_at_idx ON inbox_events (received_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX inbox_events_received_at_idx`);
    await db.query(`DROP INDEX activity_occurred_at_idx`);
    await db.query(`DROP INDEX deliveries_finished_idx`);
    await db.query(`DROP INDEX deliveries_unknown_idx`);
    await db.query(`DROP INDEX deliveries_lease_instance_idx`);
    await db.query(`
      ALTER TABLE deliveries
        DROP COLUMN unknown_at,
        DROP COLUMN smtp_response_code,
        DROP COLUMN smtp_stage,
        DROP COLUMN sending_at,
        DROP COLUMN lease_instance`);
    await db.query(`DROP TABLE dispatcher_instances`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for `GET /v1/kpis`, which reads only the rows of the period asked for (indexed queries,
 * no rollup tables):
 * - activity by type and time, carrying the step-funnel columns so the per-step figures are an
 *   index-only scan of the period's journey records;
 * - deliveries by creation time (email figures) and by send time (the trend);
 * - survey answers by answer time (NPS, CSAT, CES);
 * - alerts by raise time.
 */
export class KpiIndexes1765000000000 implements MigrationInterface {
  name = 'KpiIndexes1765000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE INDEX activity_kpi_type_time_idx ON activity (type, occurred_at) INCLUDE (flow_id, flow_version, step_id, journey_id, outcome)`,
    );
    await db.query(`CREATE INDEX deliveries_created_at_idx ON deliveries (created_at)`);
    await db.query(`CREATE INDEX deliveries_sent_at_idx ON deliveries (sent_at) WHERE status = 'sent'`);
    await db.query(`CREATE INDEX survey_answers_answered_at_idx ON survey_answers (first_answered_at)`);
    await db.query(`CREATE INDEX alerts_raised_at_idx ON alerts (raised_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX alerts_raised_at_idx`);
    await db.query(`DROP INDEX survey_answers_answered_at_idx`);
    await db.query(`DROP INDEX deliveries_sent_at_idx`);
    await db.query(`DROP INDEX deliveries_created_at_idx`);
    await db.query(`DROP INDEX activity_kpi_type_time_idx`);
  }
}

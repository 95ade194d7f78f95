import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A flow may go back to the content of an earlier version (a reverted file): that content is
 * published again as the newest version, so a version is identified by its number, and its content
 * hash may repeat within a flow. Reads by (flow, hash) take the newest such version.
 */
export class FlowVersionReverts1765300000000 implements MigrationInterface {
  name = 'FlowVersionReverts1765300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE flow_versions DROP CONSTRAINT flow_versions_pkey`);
    await db.query(`ALTER TABLE flow_versions DROP CONSTRAINT flow_versions_flow_id_number_key`);
    await db.query(`ALTER TABLE flow_versions ADD PRIMARY KEY (flow_id, number)`);
    await db.query(`CREATE INDEX flow_versions_content_idx ON flow_versions (flow_id, version, number DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    // Content published twice keeps its newest version only, as before this migration.
    await db.query(
      `DELETE FROM flow_versions a USING flow_versions b
        WHERE a.flow_id = b.flow_id AND a.version = b.version AND a.number < b.number`,
    );
    await db.query(`DROP INDEX flow_versions_content_idx`);
    await db.query(`ALTER TABLE flow_versions DROP CONSTRAINT flow_versions_pkey`);
    await db.query(`ALTER TABLE flow_versions ADD PRIMARY KEY (flow_id, version)`);
    await db.query(
      `ALTER TABLE flow_versions ADD CONSTRAINT flow_versions_flow_id_number_key UNIQUE (flow_id, number)`,
    );
  }
}

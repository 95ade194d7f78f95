import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Admin API customer search (`GET /v1/customers?query=`): prefix matches on the id, the email and
 * the name, case-insensitive, served by pattern indexes (`LIKE 'ana%'` in any collation).
 */
export class CustomerSearchIndexes1765100000000 implements MigrationInterface {
  name = 'CustomerSearchIndexes1765100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX customers_id_prefix_idx ON customers (id text_pattern_ops)`);
    await db.query(`CREATE INDEX customers_email_prefix_idx ON customers (lower(email) text_pattern_ops)`);
    await db.query(`CREATE INDEX customers_name_prefix_idx ON customers (lower(name) text_pattern_ops)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX customers_name_prefix_idx`);
    await db.query(`DROP INDEX customers_email_prefix_idx`);
    await db.query(`DROP INDEX customers_id_prefix_idx`);
  }
}

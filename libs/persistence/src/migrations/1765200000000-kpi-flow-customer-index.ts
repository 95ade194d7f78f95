import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `GET /v1/kpis?flow=`: order and usage facts belong to a flow when their customer has a journey of
 * it. This index answers that per fact (customer, then flow) without reading the journey rows, so
 * the one-flow figures cost what the period's facts cost, not every journey the flow ever had.
 */
export class KpiFlowCustomerIndex1765200000000 implements MigrationInterface {
  name = 'KpiFlowCustomerIndex1765200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX journey_instances_customer_flow_idx ON journey_instances (customer_id, flow_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX journey_instances_customer_flow_idx`);
  }
}

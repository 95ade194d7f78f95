import { RunningApp } from '@postventa/platform';
import { randomUUID } from 'node:crypto';
import { dispatcherApp } from '../apps/dispatcher/src/dispatcher.module';
import { engineApp } from '../apps/engine/src/engine.module';
import { emailCommand, TEST_LINK_SECRET } from './support/dispatcher-fixtures';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { eventually, isolatedTopics, startTestApp } from './support/test-apps';

const DAY = 86_400_000;

/**
 * Old rows are pruned by age, table by table, in small batches (a batch size of 3 here, so
 * several statements are needed), and everything still needed stays: recent rows, unpublished
 * outbox rows, unprocessed inbox rows, deliveries that are not finished or whose outcome is unknown.
 */
describe('retention: old rows pruned by age in small batches (real PostgreSQL)', () => {
  const run = randomUUID().slice(0, 8);
  const topics = isolatedTopics();
  let db: TestDatabase;
  const apps: RunningApp[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    for (const app of apps) await app.app.close();
    await db?.drop();
  });

  const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();

  async function seed(): Promise<void> {
    // outbox: 7 days for published rows
    for (let i = 0; i < 5; i++) {
      await db.dataSource.query(
        `INSERT INTO outbox (topic, key, payload, created_at, published_at) VALUES ('activity', $1, '{}', $2, $2)`,
        [`old-${i}`, ago(10)],
      );
    }
    await db.dataSource.query(
      `INSERT INTO outbox (topic, key, payload, created_at, published_at) VALUES ('activity', 'recent', '{}', $1, $1)`,
      [ago(1)],
    );
    // activity: 400 days
    for (let i = 0; i < 5; i++) {
      await db.dataSource.query(
        `INSERT INTO activity (id, type, customer_id, occurred_at, data) VALUES ($1, 'journey.entered', $2, $3, '{}')`,
        [`act_old_${run}_${i}`, `cus_${run}`, ago(500)],
      );
    }
    await db.dataSource.query(
      `INSERT INTO activity (id, type, customer_id, occurred_at, data) VALUES ($1, 'journey.entered', $2, $3, '{}')`,
      [`act_new_${run}`, `cus_${run}`, ago(30)],
    );
    // inbox: 400 days, processed rows only
    const inbox = (id: string, days: number, processed: boolean) =>
      db.dataSource.query(
        `INSERT INTO inbox_events (event_id, type, source, customer_id, event_time, received_at, envelope, processed_at) VALUES ($1, 'order.placed', 'test', $2, $3, $3, '{}', $4)`,
        [id, `cus_${run}`, ago(days), processed ? ago(days) : null],
      );
    for (let i = 0; i < 5; i++) await inbox(`evt_old_${run}_${i}`, 450, true);
    await inbox(`evt_unprocessed_${run}`, 450, false);
    await inbox(`evt_new_${run}`, 10, true);
    // deliveries: 400 days, finished rows only, never `unknown`
    const delivery = (id: string, status: string, days: number) =>
      db.dataSource.query(
        `INSERT INTO deliveries (command_id, command_type, customer_id, category, template, command, status, message_id, created_at, updated_at)
         VALUES ($1, 'email.send', $2, 'marketing', 'review-request', $3, $4, $5, $6, $6)`,
        [id, `cus_${run}`, JSON.stringify(emailCommand(id, `cus_${run}`)), status, `<${id}@example.com>`, ago(days)],
      );
    for (let i = 0; i < 5; i++) await delivery(`cmd_old_${run}_${i}`, i % 2 === 0 ? 'sent' : 'failed', 420);
    await delivery(`cmd_old_unknown_${run}`, 'unknown', 420);
    await delivery(`cmd_new_${run}`, 'sent', 5);
  }

  it('removes old rows from outbox, activity, inbox and deliveries and keeps new and still-needed ones', async () => {
    await seed();
    const env = {
      ...topics,
      DATABASE_URL: db.url,
      FLOWS_AUTO_PUBLISH: 'false',
      PUBLIC_BASE_URL: 'https://links.postventa.test',
      LINK_SIGNING_SECRET: TEST_LINK_SECRET,
      RETENTION_INTERVAL_MS: '500',
      RETENTION_BATCH_SIZE: '3',
    };
    apps.push(await startTestApp(engineApp, env));
    apps.push(await startTestApp(dispatcherApp, env));

    const left = () =>
      db.dataSource.query(`
        SELECT (SELECT array_agg(key ORDER BY key) FROM outbox) AS outbox,
               (SELECT array_agg(id ORDER BY id) FROM activity) AS activity,
               (SELECT array_agg(event_id ORDER BY event_id) FROM inbox_events) AS inbox,
               (SELECT array_agg(command_id ORDER BY command_id) FROM deliveries) AS deliveries`) as Promise<
        Array<Record<string, string[] | null>>
      >;
    const [rows] = await eventually(
      left,
      ([r]) =>
        (r.outbox?.length ?? 0) === 1 &&
        r.activity?.length === 1 &&
        r.inbox?.length === 2 &&
        r.deliveries?.length === 2,
      30_000,
      250,
    );
    expect(rows.outbox).toEqual(['recent']);
    expect(rows.activity).toEqual([`act_new_${run}`]);
    expect(rows.inbox).toEqual([`evt_new_${run}`, `evt_unprocessed_${run}`].sort());
    expect(rows.deliveries).toEqual([`cmd_new_${run}`, `cmd_old_unknown_${run}`].sort());

    const engineMetrics = await (await fetch(`${apps[0].url}/metrics`)).text();
    expect(engineMetrics).toMatch(/postventa_retention_deleted_total\{table="outbox"\} 5/);
    expect(engineMetrics).toMatch(/postventa_retention_deleted_total\{table="inbox_events"\} 5/);
    const dispatcherMetrics = await (await fetch(`${apps[1].url}/metrics`)).text();
    expect(dispatcherMetrics).toMatch(/postventa_retention_deleted_total\{table="deliveries"\} 5/);
  });
});

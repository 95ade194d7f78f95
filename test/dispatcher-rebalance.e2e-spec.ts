import { RunningApp } from '@postventa/platform';
import { Consumer, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { dispatcherApp } from '../apps/dispatcher/src/dispatcher.module';
import { emailCommand, insertCustomer, publishCommands, TEST_LINK_SECRET } from './support/dispatcher-fixtures';
import { testKafka } from './support/kafka';
import { SmtpCaptureClient } from './support/smtp-capture.client';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { eventually, isolatedTopics, startTestApp } from './support/test-apps';

/**
 * Emails a dispatcher has recorded (and leased to itself) but not taken into its work queue would
 * wait for the lease to end, a minute or more, before anyone sent them. Two ways that happened:
 * a rebalance while the batch waited for room in a full queue, and a database failure between
 * recording a batch and queueing it. Each test has its own database, topics and dispatcher.
 */
describe('dispatcher: recorded emails are not held for a lease when they miss the work queue', () => {
  const capture = new SmtpCaptureClient();
  const cleanups: Array<() => Promise<unknown>> = [];
  let producer: Producer;

  beforeAll(async () => {
    producer = testKafka().producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  });

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    await producer?.disconnect();
  });

  /** A database with `count` customers, a dispatcher on its own topics, and their commands to publish. */
  async function testbed(count: number, env: Record<string, string>) {
    const run = randomUUID().slice(0, 8);
    const topics = isolatedTopics();
    const db: TestDatabase = await createTestDatabase();
    cleanups.push(() => db.drop());
    const customers = Array.from({ length: count }, (_, i) => ({
      id: `cus_${run}_${i}`,
      email: `lease-${i}.${run}@example.com`,
    }));
    for (const c of customers) await insertCustomer(db.dataSource, { id: c.id, email: c.email, locale: 'en' });
    const app: RunningApp = await startTestApp(dispatcherApp, {
      ...topics,
      DATABASE_URL: db.url,
      PUBLIC_BASE_URL: 'https://links.postventa.test',
      LINK_SIGNING_SECRET: TEST_LINK_SECRET,
      DELIVERY_POLL_INTERVAL_MS: '200',
      ...env,
    });
    cleanups.push(() => app.app.close());
    const publish = () =>
      publishCommands(
        producer,
        topics.TOPIC_COMMANDS,
        customers.map((c, i) => emailCommand(`cmd_${run}_${i}`, c.id, { category: 'transactional' })),
        0,
      );
    const statuses = (): Promise<Array<{ status: string; count: number }>> =>
      db.dataSource.query(`SELECT status, count(*)::int AS count FROM deliveries GROUP BY status`);
    return { db, topics, customers, publish, statuses };
  }

  it('sends every email soon after a rebalance that cut short a wait for room, once', async () => {
    // Four emails a second and a queue of two: the commands consumer spends most of its time
    // waiting for room, heartbeating.
    const { topics, customers, publish, statuses } = await testbed(16, {
      SMTP_RATE_LIMIT: '4',
      SMTP_POOL_SIZE: '1',
      DISPATCHER_BATCH_SIZE: '2',
      DISPATCHER_SESSION_TIMEOUT_MS: '6000',
    });
    await publish();
    expect(await capture.waitFor(customers[0].email, 1, 30_000)).toHaveLength(1);

    // Another member joins the group, takes nothing for good (it commits nothing), and leaves.
    const intruder: Consumer = testKafka().consumer({ groupId: topics.DISPATCHER_GROUP_ID, sessionTimeout: 6000 });
    cleanups.push(() => intruder.disconnect());
    await intruder.connect();
    await intruder.subscribe({ topics: [topics.TOPIC_COMMANDS], fromBeginning: true });
    const joined = new Promise<void>((resolve) => intruder.on(intruder.events.GROUP_JOIN, () => resolve()));
    await intruder.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: async () => undefined });
    await joined;
    await intruder.disconnect();

    // The queued lease is minutes long: every email arriving well within a minute shows that none
    // waited for it.
    const missing = await eventually(
      async () => {
        const counts = await Promise.all(customers.map(async (c) => (await capture.messages(c.email)).length));
        return counts.filter((n) => n === 0).length;
      },
      (n) => n === 0,
      40_000,
      250,
    );
    expect(missing).toBe(0);
    for (const c of customers) expect(await capture.messages(c.email)).toHaveLength(1);
    expect(await statuses()).toEqual([{ status: 'sent', count: customers.length }]);
  }, 120_000);

  it('gives up the lease of rows it could not queue (the database failed), and the poller sends them once it answers', async () => {
    const { db, customers, publish, statuses } = await testbed(6, {});
    // Consent cannot be decided without the suppressions: recorded, then not queued.
    await db.dataSource.query(`ALTER TABLE suppressions RENAME TO suppressions_away`);
    try {
      await publish();
      const count = (sql: string) => db.dataSource.query(sql).then((rows: Array<{ n: number }>) => rows[0].n);
      const recorded = await eventually(
        () => count(`SELECT count(*)::int AS n FROM deliveries WHERE status = 'queued'`),
        (n) => n === customers.length,
      );
      expect(recorded).toBe(customers.length);
      // Not held for the length of a lease: each failed attempt gives its lease up at once.
      const held = await eventually(
        () =>
          count(
            `SELECT count(*)::int AS n FROM deliveries WHERE status = 'queued' AND lease_until > now() + interval '10 seconds'`,
          ),
        (n) => n === 0,
        10_000,
      );
      expect(held).toBe(0);
    } finally {
      await db.dataSource.query(`ALTER TABLE suppressions_away RENAME TO suppressions`);
    }
    for (const c of customers) expect(await capture.waitFor(c.email, 1, 20_000)).toHaveLength(1);
    expect(await statuses()).toEqual([{ status: 'sent', count: customers.length }]);
  });
});

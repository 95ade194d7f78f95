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
 * A dispatcher whose work queue is full waits before taking the next batch, heartbeating. When
 * another member joins its group meanwhile (a second dispatcher starting, a deploy), the heartbeat
 * fails and the batch is handed back to Kafka. Nothing of that batch may be left recorded and
 * leased to this process yet outside its queue: such rows would wait for their lease to run out
 * (minutes) before anyone sends them.
 */
describe('dispatcher with a full work queue during a rebalance', () => {
  const run = randomUUID().slice(0, 8);
  const topics = isolatedTopics();
  const capture = new SmtpCaptureClient();
  const COUNT = 16;
  let db: TestDatabase;
  let app: RunningApp | undefined;
  let producer: Producer;
  let intruder: Consumer | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    producer = testKafka().producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  });

  afterAll(async () => {
    await intruder?.disconnect().catch(() => undefined);
    await app?.app.close();
    await producer?.disconnect();
    await db?.drop();
  });

  it('sends every email soon after the rebalance, once, without waiting for a lease to run out', async () => {
    const customers = Array.from({ length: COUNT }, (_, i) => ({
      id: `cus_${run}_${i}`,
      email: `rebalance-${i}.${run}@example.com`,
    }));
    for (const c of customers) await insertCustomer(db.dataSource, { id: c.id, email: c.email, locale: 'en' });
    // Four emails a second and a queue of two: the commands consumer spends most of its time
    // waiting for room, heartbeating.
    app = await startTestApp(dispatcherApp, {
      ...topics,
      DATABASE_URL: db.url,
      PUBLIC_BASE_URL: 'https://links.postventa.test',
      LINK_SIGNING_SECRET: TEST_LINK_SECRET,
      SMTP_RATE_LIMIT: '4',
      SMTP_POOL_SIZE: '1',
      DISPATCHER_BATCH_SIZE: '2',
      DELIVERY_POLL_INTERVAL_MS: '200',
      DISPATCHER_SESSION_TIMEOUT_MS: '6000',
    });
    await publishCommands(
      producer,
      topics.TOPIC_COMMANDS,
      customers.map((c, i) => emailCommand(`cmd_${run}_${i}`, c.id, { category: 'transactional' })),
      0,
    );
    expect(await capture.waitFor(customers[0].email, 1, 30_000)).toHaveLength(1);

    // Another member joins the group, takes nothing for good (it commits nothing), and leaves.
    intruder = testKafka().consumer({ groupId: topics.DISPATCHER_GROUP_ID, sessionTimeout: 6000 });
    await intruder.connect();
    await intruder.subscribe({ topics: [topics.TOPIC_COMMANDS], fromBeginning: true });
    const joined = new Promise<void>((resolve) => intruder!.on(intruder!.events.GROUP_JOIN, () => resolve()));
    await intruder.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: async () => undefined });
    await joined;
    await intruder.disconnect();
    intruder = undefined;

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
    const left: Array<{ status: string; count: number }> = await db.dataSource.query(
      `SELECT status, count(*)::int AS count FROM deliveries GROUP BY status`,
    );
    expect(left).toEqual([{ status: 'sent', count: COUNT }]);
  }, 120_000);
});

/**
 * The database fails after a batch is recorded and before its emails join the work queue (here:
 * the suppressions table is out of reach for a moment). The batch goes back to Kafka, and its
 * redelivery finds the commands already recorded; the recorded rows give up their lease, so the
 * poller sends them as soon as the database answers again, not when the lease would end.
 */
describe('dispatcher whose database fails between recording a batch and queueing it', () => {
  const run = randomUUID().slice(0, 8);
  const topics = isolatedTopics();
  const capture = new SmtpCaptureClient();
  const COUNT = 6;
  let db: TestDatabase;
  let app: RunningApp | undefined;
  let producer: Producer;

  beforeAll(async () => {
    db = await createTestDatabase();
    producer = testKafka().producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  });

  afterAll(async () => {
    await app?.app.close();
    await producer?.disconnect();
    await db?.drop();
  });

  it('gives up the lease of the rows it could not queue, and the poller sends them once the database answers', async () => {
    const customers = Array.from({ length: COUNT }, (_, i) => ({
      id: `cus_${run}_${i}`,
      email: `requeue-${i}.${run}@example.com`,
    }));
    for (const c of customers) await insertCustomer(db.dataSource, { id: c.id, email: c.email, locale: 'en' });
    app = await startTestApp(dispatcherApp, {
      ...topics,
      DATABASE_URL: db.url,
      PUBLIC_BASE_URL: 'https://links.postventa.test',
      LINK_SIGNING_SECRET: TEST_LINK_SECRET,
      DELIVERY_POLL_INTERVAL_MS: '200',
    });
    await db.dataSource.query(`ALTER TABLE suppressions RENAME TO suppressions_away`);
    try {
      await publishCommands(
        producer,
        topics.TOPIC_COMMANDS,
        customers.map((c, i) => emailCommand(`cmd_${run}_${i}`, c.id, { category: 'transactional' })),
        0,
      );
      // Recorded, and not sent: consent cannot be decided without the suppressions.
      const recorded = await eventually(
        async () =>
          (await db.dataSource.query(`SELECT count(*)::int AS n FROM deliveries WHERE status = 'queued'`))[0].n,
        (n: number) => n === COUNT,
      );
      expect(recorded).toBe(COUNT);
      // Not held for the length of a lease: each failed attempt gives its lease up at once.
      const held = await eventually(
        async () =>
          (
            await db.dataSource.query(
              `SELECT count(*)::int AS n FROM deliveries WHERE status = 'queued' AND lease_until > now() + interval '10 seconds'`,
            )
          )[0].n,
        (n: number) => n === 0,
        10_000,
      );
      expect(held).toBe(0);
    } finally {
      await db.dataSource.query(`ALTER TABLE suppressions_away RENAME TO suppressions`);
    }
    for (const c of customers) expect(await capture.waitFor(c.email, 1, 20_000)).toHaveLength(1);
    const left: Array<{ status: string; count: number }> = await db.dataSource.query(
      `SELECT status, count(*)::int AS count FROM deliveries GROUP BY status`,
    );
    expect(left).toEqual([{ status: 'sent', count: COUNT }]);
  });
});

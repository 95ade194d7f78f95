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

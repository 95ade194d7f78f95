import { randomUUID } from 'node:crypto';
import { DLQ_HEADERS, SAMPLE_EVENT_DATA, sampleEvent } from '@postventa/contracts';
import { RunningApp } from '@postventa/platform';
import { Consumer, Kafka, Producer } from 'kafkajs';
import { dispatcherApp } from '../apps/dispatcher/src/dispatcher.module';
import { engineApp } from '../apps/engine/src/engine.module';
import { emailCommand, insertCustomer, publishCommands } from './support/dispatcher-fixtures';
import { createTopics } from './support/journey-kit';
import { testKafka, uniqueName } from './support/kafka';
import { SmtpCaptureClient } from './support/smtp-capture.client';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { eventually, isolatedTopics, startTestApp } from './support/test-apps';

interface DeadLetter {
  key: string;
  code: string;
  message: string;
  originalTopic: string;
}

/** Reads the dead-letter topic with its reason headers. */
async function readDeadLetters(kafka: Kafka, topic: string, into: DeadLetter[]): Promise<Consumer> {
  const consumer = kafka.consumer({ groupId: uniqueName('test.dlq'), sessionTimeout: 10_000 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const header = (name: string) => message.headers?.[name]?.toString() ?? '';
      into.push({
        key: message.key?.toString() ?? '',
        code: header(DLQ_HEADERS.reasonCode),
        message: header(DLQ_HEADERS.reasonMessage),
        originalTopic: header(DLQ_HEADERS.originalTopic),
      });
    },
  });
  return consumer;
}

/**
 * A message the contract accepts can still be one the database refuses. Here the refusal is real
 * PostgreSQL: a CHECK constraint added to the test's own database makes some rows unstorable (SQLSTATE
 * 23514, a fault of the data). The batch holding such a message must not be retried forever: it is
 * split until the message is found, that message is dead-lettered with the reason, and everything
 * around it — the same customer's next events included — is processed.
 */
describe('a poison message is isolated and dead-lettered, never retried forever (real Kafka and PostgreSQL)', () => {
  const capture = new SmtpCaptureClient();
  const run = randomUUID().slice(0, 6);
  const topics = isolatedTopics();
  const apps: RunningApp[] = [];
  const deadLetters: DeadLetter[] = [];
  let db: TestDatabase;
  let kafka: Kafka;
  let producer: Producer;
  let dlq: Consumer;

  beforeAll(async () => {
    db = await createTestDatabase();
    await db.dataSource.query(
      `ALTER TABLE inbox_events ADD CONSTRAINT test_no_poison_events CHECK (event_id NOT LIKE 'poison-%')`,
    );
    await db.dataSource.query(
      `ALTER TABLE deliveries ADD CONSTRAINT test_no_poison_commands CHECK (command_id NOT LIKE 'poison-%')`,
    );
    kafka = testKafka();
    await createTopics(kafka, topics);
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    dlq = await readDeadLetters(kafka, topics.TOPIC_DEAD_LETTER, deadLetters);
    const env = {
      ...topics,
      DATABASE_URL: db.url,
      FLOWS_AUTO_PUBLISH: 'false',
      INGEST_BATCH_SIZE: '50',
      DISPATCHER_BATCH_SIZE: '50',
    };
    apps.push(await startTestApp(engineApp, env));
    apps.push(await startTestApp(dispatcherApp, env));
  });

  afterAll(async () => {
    for (const app of apps.reverse()) await app.app.close();
    await dlq?.disconnect();
    await producer?.disconnect();
    await db?.drop();
  });

  const event = (id: string, customer: string) =>
    sampleEvent('order.placed', {
      id,
      subject: customer,
      time: new Date().toISOString(),
      data: {
        order_id: `ord-${id}`,
        customer: { ...SAMPLE_EVENT_DATA['order.placed'].customer, email: `${customer}@example.com` },
      },
    });

  it('engine: dead-letters the unstorable events and ingests every other one, on the same partition and after them', async () => {
    const customer = `cus-poison-${run}`;
    const others = Array.from({ length: 5 }, (_, i) => `cus-clean-${run}-${i}`);
    // One customer, one partition: good, poison, good, poison, good... in one batch.
    const sameCustomer = Array.from({ length: 30 }, (_, i) =>
      event(i % 7 === 3 ? `poison-${run}-${i}` : `ok-${run}-${i}`, customer),
    );
    const messages = [...sameCustomer, ...others.map((c, i) => event(`ok-${run}-other-${i}`, c))];
    // Two messages the contract refuses sit in the same batch: the split must not dead-letter them again.
    const encoded = messages.map((e) => ({ key: e.subject, value: JSON.stringify(e) }));
    encoded.splice(2, 0, { key: customer, value: '{not json' });
    encoded.splice(20, 0, {
      key: customer,
      value: JSON.stringify({ ...event(`bad-${run}`, customer), time: 'never' }),
    });
    await producer.send({ topic: topics.TOPIC_COMMERCE, acks: -1, messages: encoded });

    const expected = messages
      .filter((e) => !e.id.startsWith('poison-'))
      .map((e) => e.id)
      .sort();
    const stored = await eventually(
      async () =>
        (
          (await db.dataSource.query(`SELECT event_id FROM inbox_events ORDER BY event_id`)) as Array<{
            event_id: string;
          }>
        ).map((r) => r.event_id),
      (ids) => ids.length >= expected.length,
      60_000,
    );
    expect(stored).toEqual(expected);

    const poisonCount = messages.length - expected.length;
    const poisoned = await eventually(
      async () => deadLetters.filter((d) => d.originalTopic === topics.TOPIC_COMMERCE && d.code === 'UNPROCESSABLE'),
      (found) => found.length >= poisonCount,
      30_000,
    );
    expect(poisoned).toHaveLength(poisonCount);
    for (const letter of poisoned) {
      expect(letter.key).toBe(customer);
      expect(letter.code).toBe('UNPROCESSABLE');
      expect(letter.message).toContain('SQLSTATE_23514');
    }

    // The engine is still consuming: a later event of the same customer goes in at once.
    const later = event(`ok-${run}-later`, customer);
    await producer.send({
      topic: topics.TOPIC_COMMERCE,
      acks: -1,
      messages: [{ key: customer, value: JSON.stringify(later) }],
    });
    const found = await eventually(
      async () => (await db.dataSource.query(`SELECT 1 FROM inbox_events WHERE event_id = $1`, [later.id])).length,
      (n) => n === 1,
      30_000,
    );
    expect(found).toBe(1);
    // Each refused message has one dead-letter copy, however often its batch was split or retried.
    const refused = deadLetters.filter((d) => d.originalTopic === topics.TOPIC_COMMERCE && d.code !== 'UNPROCESSABLE');
    expect(refused.map((d) => d.code).sort()).toEqual(['NOT_JSON', 'SCHEMA_VIOLATION']);
    const ready = await fetch(`${apps[0].url}/health/ready`);
    expect(ready.status).toBe(200);
  });

  (capture.available ? it : it.skip)(
    'dispatcher: dead-letters the unstorable command and sends every other email',
    async () => {
      const names = Array.from({ length: 12 }, (_, i) => `cus-disp-${run}-${i}`);
      for (const name of names)
        await insertCustomer(db.dataSource, {
          id: name,
          email: `${name}@example.com`,
          locale: 'en',
          consent: { marketing: true },
        });
      const commands = names.map((name, i) =>
        emailCommand(i % 5 === 2 ? `poison-${run}-${i}` : `cmd-${run}-${i}`, name),
      );
      // All on one partition, so the poison command sits in the same batch as the good ones.
      await publishCommands(producer, topics.TOPIC_COMMANDS, commands, 0);

      for (const [i, name] of names.entries()) {
        if (i % 5 === 2) continue;
        expect(await capture.waitFor(`${name}@example.com`, 1, 60_000)).toHaveLength(1);
      }
      const poisoned = await eventually(
        async () => deadLetters.filter((d) => d.originalTopic === topics.TOPIC_COMMANDS),
        (found) => found.length >= 2,
        30_000,
      );
      expect(poisoned.map((d) => d.code)).toEqual(['UNPROCESSABLE', 'UNPROCESSABLE']);
      for (const [i, name] of names.entries())
        if (i % 5 === 2) expect(await capture.messages(`${name}@example.com`)).toHaveLength(0);
    },
  );
});

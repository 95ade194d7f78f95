import { DLQ_HEADERS, sampleEvent } from '@postventa/contracts';
import { RunningApp } from '@postventa/platform';
import { Kafka, Producer } from 'kafkajs';
import { engineApp } from '../apps/engine/src/engine.module';
import { testKafka, uniqueName } from './support/kafka';
import { TcpProxy, throughProxy } from './support/tcp-proxy';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { eventually, isolatedTopics, startTestApp } from './support/test-apps';

const CUSTOMERS = 250;
const EVENTS = 10_000;

function orderEvent(i: number) {
  const customer = `cus_${i % CUSTOMERS}`;
  return sampleEvent('order.placed', {
    id: `evt_${i}`,
    subject: customer,
    time: new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString(),
    data: {
      order_id: `ord_${i}`,
      customer: { email: `${customer}@example.com`, locale: 'es', attributes: { last_order: `ord_${i}` } },
    },
  });
}

describe('ingestion from Kafka (real broker, real PostgreSQL)', () => {
  let db: TestDatabase;
  let engine: RunningApp;
  let kafka: Kafka;
  let producer: Producer;
  let proxy: TcpProxy;
  const topics = isolatedTopics();

  const count = async (sql: string) => Number((await db.dataSource.query(sql))[0].count);

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    const target = new URL(db.url);
    proxy = new TcpProxy(target.hostname, Number(target.port));
    await proxy.start();
    engine = await startTestApp(engineApp, {
      ...topics,
      DATABASE_URL: throughProxy(db.url, proxy),
      INGEST_BATCH_SIZE: '500',
      MAX_EVENT_BYTES: '65536',
      // Ingestion only: with the shipped flows published, each of the 10,000 orders would also
      // start a journey (commands, timers, activity), work this file asserts nothing about and the
      // journeys suites cover.
      FLOWS_AUTO_PUBLISH: 'false',
    });
    kafka = testKafka();
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await engine?.app.close();
    await proxy?.stop();
    await db?.drop();
  });

  /** Batches of domain events the engine has retried after an infrastructure failure (its /metrics). */
  async function batchRetries(): Promise<number> {
    const text = await (await fetch(`${engine.url}/metrics`)).text();
    const line = /^postventa_consumer_batch_retries_total\{[^}]*consumer="domain-events"[^}]*\} (\d+)/m.exec(text);
    return line ? Number(line[1]) : 0;
  }

  async function produce(events: Array<{ subject: string }>): Promise<void> {
    for (let i = 0; i < events.length; i += 1000) {
      await producer.send({
        topic: topics.TOPIC_COMMERCE,
        acks: -1,
        messages: events.slice(i, i + 1000).map((e) => ({ key: e.subject, value: JSON.stringify(e) })),
      });
    }
  }

  it('reflects 10,000 events exactly once, and the same 10,000 again change nothing', async () => {
    const events = Array.from({ length: EVENTS }, (_, i) => orderEvent(i));
    await produce(events);
    expect(
      await eventually(
        () => count('SELECT count(*) FROM inbox_events'),
        (n) => n >= EVENTS,
        90_000,
      ),
    ).toBe(EVENTS);
    expect(await count('SELECT count(*) FROM customers')).toBe(CUSTOMERS);
    expect(await count('SELECT sum(event_count) AS count FROM customers')).toBe(EVENTS);
    const [latest] = await db.dataSource.query(`SELECT email, attributes FROM customers WHERE id = 'cus_7'`);
    expect(latest).toEqual({ email: 'cus_7@example.com', attributes: { last_order: `ord_${EVENTS - CUSTOMERS + 7}` } });
    const before = await db.dataSource.query(`SELECT id, event_count, updated_at FROM customers ORDER BY id`);

    await produce(events);
    // A marker after the replay tells us the engine has read past all of it.
    await produce([orderEvent(EVENTS)]);
    await eventually(
      () => count('SELECT count(*) FROM inbox_events'),
      (n) => n === EVENTS + 1,
      90_000,
    );
    const after = await db.dataSource.query(
      `SELECT id, event_count, updated_at FROM customers WHERE id <> 'cus_${EVENTS % CUSTOMERS}' ORDER BY id`,
    );
    expect(after).toEqual(before.filter((r: { id: string }) => r.id !== `cus_${EVENTS % CUSTOMERS}`));
  });

  it('dead-letters each kind of bad message with its reason and processes the valid ones around it', async () => {
    const good = (n: number) => orderEvent(20_000 + n);
    const missingSubject = { ...good(90), subject: undefined };
    const schemaViolation = {
      ...good(91),
      data: { ...good(91).data, items: [{ sku: 'X', name: 'X', quantity: -1, unit_price: 1 }] },
    };
    const huge = { ...good(92), data: { ...good(92).data, note: 'x'.repeat(70_000) } };
    await producer.send({
      topic: topics.TOPIC_COMMERCE,
      acks: -1,
      messages: [
        { key: 'cus_1', value: JSON.stringify(good(1)) },
        { key: 'cus_x', value: 'this is not json' },
        { key: 'cus_x', value: JSON.stringify({ hello: 'world' }) },
        { key: 'cus_x', value: JSON.stringify(schemaViolation) },
        { key: 'cus_x', value: JSON.stringify(missingSubject) },
        { key: 'cus_x', value: JSON.stringify(huge) },
        { key: 'cus_2', value: JSON.stringify(good(2)) },
      ],
    });

    const consumer = kafka.consumer({ groupId: uniqueName('test.dlq'), maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic: topics.TOPIC_DEAD_LETTER, fromBeginning: true });
    const dead: Array<{ code: string; path: string; message: string; topic: string; offset: string; value: string }> =
      [];
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          const h = (name: string) => message.headers?.[name]?.toString() ?? '';
          dead.push({
            code: h(DLQ_HEADERS.reasonCode),
            path: h(DLQ_HEADERS.reasonPath),
            message: h(DLQ_HEADERS.reasonMessage),
            topic: h(DLQ_HEADERS.originalTopic),
            offset: h(DLQ_HEADERS.originalOffset),
            value: message.value?.toString() ?? '',
          });
          if (dead.length === 5) resolve();
        },
      });
    });
    await consumer.disconnect();

    expect(dead.map((d) => d.code)).toEqual([
      'NOT_JSON',
      'NOT_CLOUDEVENT',
      'SCHEMA_VIOLATION',
      'MISSING_SUBJECT',
      'TOO_LARGE',
    ]);
    expect(dead[0].value).toBe('this is not json');
    expect(dead[2].path).toBe('data.items[0].quantity');
    for (const d of dead) {
      expect(d.topic).toBe(topics.TOPIC_COMMERCE);
      expect(d.message.length).toBeGreaterThan(5);
      expect(Number(d.offset)).toBeGreaterThanOrEqual(0);
    }
    const ids = [good(1).id, good(2).id];
    expect(
      await eventually(
        () => count(`SELECT count(*) FROM inbox_events WHERE event_id IN ('${ids.join("','")}')`),
        (n) => n === 2,
      ),
    ).toBe(2);
  });

  it('loses nothing and dead-letters nothing while the database is unreachable', async () => {
    const base = 30_000;
    const events = Array.from({ length: 2000 }, (_, i) => orderEvent(base + i));
    const inbox = () => count(`SELECT count(*) FROM inbox_events WHERE event_id LIKE 'evt_3____'`);
    await produce(events.slice(0, 500));
    await eventually(inbox, (n) => n === 500);

    const retried = await batchRetries();
    proxy.cut();
    await produce(events.slice(500));
    // The engine has met the outage with these events in hand: it retries their batch.
    expect(await eventually(batchRetries, (n) => n > retried, 30_000, 100)).toBeGreaterThan(retried);
    proxy.restore();

    expect(await eventually(inbox, (n) => n >= 2000, 60_000)).toBe(2000);
    const health = (await (await fetch(`${engine.url}/health`)).json()) as { status: string };
    expect(health.status).toBe('ok');
    const admin = kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(topics.TOPIC_DEAD_LETTER);
    await admin.disconnect();
    expect(offsets.reduce((sum, p) => sum + Number(p.high), 0)).toBe(5); // only the five bad messages of the test above
  });

  it('stores out-of-order events and keeps the newest profile values', async () => {
    const delivered = sampleEvent('order.delivered', {
      id: 'evt_ooo_delivered',
      subject: 'cus_ooo',
      time: '2026-11-10T10:00:00Z',
      data: { order_id: 'ord_ooo', customer: { email: 'new@example.com', locale: 'pt-BR' } },
    });
    const placed = sampleEvent('order.placed', {
      id: 'evt_ooo_placed',
      subject: 'cus_ooo',
      time: '2026-11-01T10:00:00Z',
      data: { order_id: 'ord_ooo', customer: { email: 'old@example.com', locale: 'es', name: 'Bea' } },
    });
    await produce([delivered]);
    await produce([placed]);
    const [profile] = await eventually(
      () =>
        db.dataSource.query(
          `SELECT email, locale, name, event_count, first_seen_at FROM customers WHERE id = 'cus_ooo'`,
        ),
      (rows: Array<{ event_count: number; first_seen_at: Date }>) => rows[0]?.event_count === 2,
    );
    expect(profile).toMatchObject({ email: 'new@example.com', locale: 'pt-BR', name: 'Bea', event_count: 2 });
    expect(new Date(profile.first_seen_at).toISOString()).toBe('2026-11-01T10:00:00.000Z');
  });

  it('accepts CloudEvents in binary mode (ce_* headers, data as the value)', async () => {
    const { data, ...attributes } = sampleEvent('product.first_used', {
      id: 'evt_binary_1',
      subject: 'cus_binary',
      time: '2026-11-02T10:00:00Z',
    });
    await producer.send({
      topic: topics.TOPIC_USAGE,
      acks: -1,
      messages: [
        {
          key: 'cus_binary',
          value: JSON.stringify(data),
          headers: {
            ce_specversion: '1.0',
            ce_id: attributes.id,
            ce_type: attributes.type,
            ce_source: attributes.source,
            ce_time: attributes.time,
            ce_subject: attributes.subject,
            'content-type': 'application/json',
          },
        },
      ],
    });
    const [row] = await eventually(
      () => db.dataSource.query(`SELECT type, customer_id, envelope FROM inbox_events WHERE event_id = 'evt_binary_1'`),
      (rows: Array<{ type: string; customer_id: string; envelope: { data: unknown } }>) => rows.length === 1,
    );
    expect(row).toMatchObject({ type: 'product.first_used', customer_id: 'cus_binary' });
    expect(row.envelope.data).toEqual(data);
  });

  it('commits what it processed and leaves the group on shutdown', async () => {
    await produce([orderEvent(40_000)]);
    await eventually(
      () => count(`SELECT count(*) FROM inbox_events WHERE event_id = 'evt_40000'`),
      (n) => n === 1,
    );
    await engine.app.close();
    const admin = kafka.admin();
    await admin.connect();
    const [committed] = await admin.fetchOffsets({ groupId: topics.ENGINE_GROUP_ID, topics: [topics.TOPIC_COMMERCE] });
    const high = await admin.fetchTopicOffsets(topics.TOPIC_COMMERCE);
    const group = await admin.describeGroups([topics.ENGINE_GROUP_ID]);
    await admin.disconnect();
    const byPartition = new Map(high.map((p) => [p.partition, p.high]));
    for (const p of committed.partitions) expect(p.offset).toBe(byPartition.get(p.partition));
    expect(group.groups[0].members).toHaveLength(0);
  });
});

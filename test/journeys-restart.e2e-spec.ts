import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, Producer } from 'kafkajs';
import { EngineProcess } from './support/engine-process';
import {
  createTopics,
  domainEvent,
  flowsDir,
  produceEvents,
  SMOT_DETRACTOR_PATH,
  smotTestFlow,
  TopicReader,
  WireCommandView,
} from './support/journey-kit';
import { testKafka } from './support/kafka';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { eventually, isolatedTopics } from './support/test-apps';

const CUSTOMERS = 20;
const SURVEY_WAIT_MS = 3000;

/**
 * What this file asserts, precisely:
 * - the commands topic carries, for every customer, exactly the expected command ids, in the
 *   expected order by first appearance, none missing and none extra;
 * - the dispatcher's view (which delivers by command_id, once) sees each command exactly once:
 *   the topic may hold a command twice only when the outbox relay republished it after a crash
 *   between Kafka's ack and marking the row published, and then both copies are byte-for-byte
 *   the same command (same id, same content), so deduping by id is safe; the test prints how
 *   many such republished copies it saw;
 * - a timer that came due while no engine ran fires once after the restart: its row is `fired`,
 *   and the timers topic carries a single distinct `timer.fired` event id for it.
 */
describe('journeys survive SIGKILL of the engine (engine as a child process)', () => {
  let db: TestDatabase;
  let kafka: Kafka;
  let producer: Producer;
  let commands: TopicReader;
  let timerEvents: TopicReader;
  let dir: string;
  let logDir: string;
  let engine: EngineProcess | undefined;
  const topics = isolatedTopics();
  let env: Record<string, string>;
  let starts = 0;

  const startEngine = async () => {
    starts += 1;
    engine = await EngineProcess.start(env, join(logDir, `engine-${starts}.log`));
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = flowsDir({ 'smot-test.yaml': smotTestFlow(`PT${SURVEY_WAIT_MS / 1000}S`) });
    logDir = mkdtempSync(join(tmpdir(), 'postventa-engine-logs-'));
    env = {
      ...topics,
      DATABASE_URL: db.url,
      FLOWS_DIR: dir,
      SCHEDULER_INTERVAL_MS: '200',
      OUTBOX_INTERVAL_MS: '500',
      OUTBOX_BATCH_SIZE: '7',
      INGEST_BATCH_SIZE: '5',
      ENGINE_SESSION_TIMEOUT_MS: '6000',
    };
    kafka = testKafka();
    await createTopics(kafka, topics);
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    // The first engine starts while the readers join their groups; afterAll stops whatever started.
    const [readers, started] = await Promise.allSettled([
      Promise.all([TopicReader.start(kafka, topics.TOPIC_COMMANDS), TopicReader.start(kafka, topics.TOPIC_TIMERS)]),
      startEngine(),
    ]);
    if (readers.status === 'fulfilled') [commands, timerEvents] = readers.value;
    for (const result of [readers, started]) if (result.status === 'rejected') throw result.reason;
  });

  afterAll(async () => {
    await engine?.stop();
    await commands?.stop();
    await timerEvents?.stop();
    await producer?.disconnect();
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (logDir) rmSync(logDir, { recursive: true, force: true });
  });

  it('loses no command, duplicates none, and fires timers that came due during the downtime once', async () => {
    const run = randomUUID().slice(0, 6);
    const customers = Array.from({ length: CUSTOMERS }, (_, i) => ({
      id: `cus-${run}-${i}`,
      order: `ord-${run}-${i}`,
    }));
    const distinct = (key: string) => [
      ...new Map(commands.values<WireCommandView>(key).map((c) => [c.command_id, c])).values(),
    ];
    const allReach = (n: number, timeoutMs = 90_000) =>
      eventually(
        async () => customers.filter((c) => distinct(c.id).length >= n).length,
        (count) => count === CUSTOMERS,
        timeoutMs,
        50,
      );

    await produceEvents(
      producer,
      topics.TOPIC_COMMERCE,
      customers.map((c) => domainEvent('order.placed', c.id, { order_id: c.order })),
    );
    expect(await allReach(2)).toBe(CUSTOMERS);

    // Kill #1: right after the deliveries are produced, while they are being processed.
    await produceEvents(
      producer,
      topics.TOPIC_COMMERCE,
      customers.map((c) => domainEvent('order.delivered', c.id, { order_id: c.order })),
    );
    await eventually(
      async () => customers.filter((c) => distinct(c.id).length >= 3).length,
      (n) => n >= 1,
      30_000,
      20,
    );
    await engine!.kill();
    await startEngine();
    expect(await allReach(3)).toBe(CUSTOMERS);

    // Kill #2: once some survey waits are stored, so their timers come due while nothing runs.
    await produceEvents(
      producer,
      topics.TOPIC_USAGE,
      customers.map((c) => domainEvent('product.first_used', c.id, { order_id: c.order, product_id: 'kb-1' })),
    );
    const pendingWaits = () =>
      db.dataSource.query(
        `SELECT timer_id, due_at FROM journey_timers WHERE step_id = 'wait-before-survey' AND status = 'pending'`,
      ) as Promise<Array<{ timer_id: string; due_at: Date }>>;
    const stored = await eventually(pendingWaits, (rows) => rows.length >= 1, 30_000, 20);
    expect(stored.length).toBeGreaterThanOrEqual(1);
    await engine!.kill();
    const killedAt = Date.now();
    const latestDue = Math.max(...(await pendingWaits()).map((r) => new Date(r.due_at).getTime()));
    await new Promise((r) => setTimeout(r, Math.max(0, latestDue - Date.now()) + 250));
    // Due, and nothing has fired them: no engine is running.
    const overdue = await pendingWaits();
    expect(overdue.length).toBeGreaterThanOrEqual(stored.length);
    expect(overdue.every((t) => new Date(t.due_at).getTime() < Date.now())).toBe(true);
    expect(Date.now() - killedAt).toBeGreaterThanOrEqual(SURVEY_WAIT_MS - 1000);

    await startEngine();
    expect(await allReach(4)).toBe(CUSTOMERS);
    const fired: Array<{ timer_id: string; status: string }> = await db.dataSource.query(
      `SELECT timer_id, status FROM journey_timers WHERE timer_id = ANY($1::text[])`,
      [overdue.map((t) => t.timer_id)],
    );
    expect(fired.every((t) => t.status === 'fired')).toBe(true);

    // Kill #3: while the answers are turned into detractor emails and alerts.
    const surveys = new Map(customers.map((c) => [c.id, distinct(c.id)[3]]));
    await produceEvents(
      producer,
      topics.TOPIC_FEEDBACK,
      customers.map((c) =>
        domainEvent('survey.answered', c.id, {
          kind: 'nps',
          score: 3,
          survey_id: surveys.get(c.id)!.survey!.survey_id,
          journey_id: surveys.get(c.id)!.journey_id,
        }),
      ),
    );
    await eventually(
      async () => customers.filter((c) => distinct(c.id).length >= 5).length,
      (n) => n >= 1,
      30_000,
      20,
    );
    await engine!.kill();
    await startEngine();
    expect(await allReach(6)).toBe(CUSTOMERS);
    // Let anything that would come late (a republish, a stray timer) arrive: the engine has
    // nothing left to publish or fire, and the reader has read every message on the topic.
    const leftToDo = async () => {
      const [{ n }] = await db.dataSource.query(
        `SELECT (SELECT count(*) FROM outbox WHERE published_at IS NULL)
              + (SELECT count(*) FROM journey_timers WHERE status = 'pending' AND due_at <= now()) AS n`,
      );
      return Number(n);
    };
    expect(await eventually(leftToDo, (n) => n === 0, 30_000, 50)).toBe(0);
    const admin = kafka.admin();
    await admin.connect();
    const onTopic = (await admin.fetchTopicOffsets(topics.TOPIC_COMMANDS)).reduce((sum, p) => sum + Number(p.high), 0);
    await admin.disconnect();
    expect(
      await eventually(
        async () => commands.messages.length,
        (n) => n >= onTopic,
        30_000,
        50,
      ),
    ).toBe(onTopic);

    let republished = 0;
    for (const c of customers) {
      const raw = commands.messages.filter((m) => m.key === c.id);
      const byId = new Map<string, string>();
      for (const m of raw) {
        const id = (JSON.parse(m.value) as WireCommandView).command_id;
        const first = byId.get(id);
        if (first === undefined) byId.set(id, m.value);
        else {
          republished += 1;
          expect(JSON.parse(m.value)).toEqual(JSON.parse(first));
        }
      }
      // The dispatcher's view: by command id, each once, in order, and nothing else.
      expect(distinct(c.id).map((x) => `${x.type} ${x.step_id}`)).toEqual(SMOT_DETRACTOR_PATH);
    }
    const timerIds = new Map<string, Set<string>>();
    for (const e of timerEvents.values<{ id: string; data: { timer_id: string } }>()) {
      timerIds.set(e.data.timer_id, (timerIds.get(e.data.timer_id) ?? new Set()).add(e.id));
    }
    for (const t of overdue) expect(timerIds.get(t.timer_id)?.size).toBe(1);
    const inboxTimers = await db.dataSource.query(`SELECT count(*) AS n FROM inbox_events WHERE type = 'timer.fired'`);
    expect(Number(inboxTimers[0].n)).toBe(CUSTOMERS);
    process.stderr.write(
      `  [restart] ${CUSTOMERS} customers, 3 SIGKILLs: ${commands.messages.length} command messages on the topic, ` +
        `${CUSTOMERS * SMOT_DETRACTOR_PATH.length} distinct, ${republished} republished copies; ${overdue.length} timers fired after the downtime\n`,
    );
  }, 420_000);
});

import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SAMPLE_EVENT_DATA, sampleEvent } from '@postventa/contracts';
import { KafkaBroker } from '@postventa/dev-services';
import { RunningApp } from '@postventa/platform';
import { Kafka, logLevel, Producer } from 'kafkajs';
import { dispatcherApp } from '../apps/dispatcher/src/dispatcher.module';
import { engineApp } from '../apps/engine/src/engine.module';
import { createTopics, flowsDir, produceEvents } from './support/journey-kit';
import { SmtpCaptureClient } from './support/smtp-capture.client';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { eventually, isolatedTopics, startTestApp } from './support/test-apps';

/** Twice the consumers' session timeout (6 s, the broker's minimum): every member is forgotten. */
const FREEZE_MS = 12_000;
const ADMIN_KEY = 'freeze-admin-key-0123456789';

const usageGuideFlow = `id: freeze-test
name: one email per delivered order
trigger:
  event: order.delivered
  condition: has(event.data.order_id)
entry:
  key: order
  reentry: once
steps:
  - id: confirmation
    type: email
    template: order-confirmation
    category: transactional
    moment: smot
`;

interface Readiness {
  status: string;
  checks: Record<string, { status: string; error?: string; details?: Record<string, unknown> }>;
}

/**
 * The broker is frozen (SIGSTOP) while a stream flows, long enough for the group coordinator to
 * forget every member. After it thaws (SIGCONT), both the engine and the dispatcher must rejoin
 * on their own and email customers whose events arrive afterwards, with no manual restart; and
 * readiness must not say "ok" while the broker is gone.
 */
describe('consumers heal themselves after a broker freeze (own broker, SIGSTOP / SIGCONT)', () => {
  const capture = new SmtpCaptureClient();
  const run = capture.available ? it : it.skip;
  const dir = mkdtempSync(join(tmpdir(), 'postventa-freeze-'));
  const broker = new KafkaBroker({
    version: process.env.LOCAL_KAFKA_VERSION || '4.3.1',
    heap: '512m',
    dataDir: join(dir, 'kafka'),
    cacheDir: resolve(__dirname, '..', '.cache', 'kafka'),
  });
  const topics = isolatedTopics();
  const apps: RunningApp[] = [];
  let db: TestDatabase;
  let kafka: Kafka;
  let producer: Producer;
  let brokerPid = 0;
  let flows: string | undefined;
  const signalBroker = (signal: NodeJS.Signals) => process.kill(brokerPid, signal);

  beforeAll(async () => {
    const bootstrap = await broker.start();
    brokerPid = Number(readFileSync(join(dir, 'kafka', 'broker.pid'), 'utf8').trim());
    db = await createTestDatabase();
    kafka = new Kafka({
      clientId: 'freeze-test',
      brokers: [bootstrap],
      logLevel: logLevel.NOTHING,
      retry: { retries: 3, initialRetryTime: 200 },
    });
    await createTopics(kafka, topics);
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const env = {
      ...topics,
      KAFKA_BROKERS: bootstrap,
      DATABASE_URL: db.url,
      FLOWS_DIR: (flows = flowsDir({ 'freeze-test.yaml': usageGuideFlow })),
      ENGINE_SESSION_TIMEOUT_MS: '6000',
      DISPATCHER_SESSION_TIMEOUT_MS: '6000',
      OUTBOX_INTERVAL_MS: '200',
      SCHEDULER_INTERVAL_MS: '200',
      DISPATCHER_BATCH_SIZE: '5',
      ADMIN_API_KEYS: ADMIN_KEY,
    };
    apps.push(await startTestApp(engineApp, env));
    apps.push(await startTestApp(dispatcherApp, env));
  });

  afterAll(async () => {
    if (brokerPid) signalBroker('SIGCONT');
    for (const app of apps.reverse()) await app.app.close().catch(() => undefined);
    await producer?.disconnect().catch(() => undefined);
    await broker.stop().catch(() => undefined);
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
    if (flows) rmSync(flows, { recursive: true, force: true });
  });

  const deliver = async (customers: string[]) => {
    await produceEvents(
      producer,
      topics.TOPIC_COMMERCE,
      customers.map((c) =>
        sampleEvent('order.delivered', {
          id: `evt-${c}`,
          subject: c,
          time: new Date().toISOString(),
          data: {
            order_id: `ord-${c}`,
            customer: { ...SAMPLE_EVENT_DATA['order.delivered'].customer, email: `${c}@example.com` },
          },
        }),
      ),
    );
  };
  const emailedAll = async (customers: string[], timeoutMs: number) => {
    const missing = await eventually(
      async () => {
        const left: string[] = [];
        for (const c of customers) if ((await capture.messages(`${c}@example.com`)).length === 0) left.push(c);
        return left;
      },
      (left) => left.length === 0,
      timeoutMs,
      500,
    );
    return missing;
  };
  const readiness = async (app: RunningApp, key?: string): Promise<{ code: number; body: Readiness }> => {
    const response = await fetch(`${app.url}/health/ready`, key ? { headers: { authorization: `Bearer ${key}` } } : {});
    return { code: response.status, body: (await response.json()) as Readiness };
  };

  run('rejoins after a freeze that outlives the session, and emails every customer who comes after it', async () => {
    const runId = randomUUID().slice(0, 6);
    const before = Array.from({ length: 20 }, (_, i) => `cus-frz-${runId}-a${i}`);
    await deliver(before);
    expect(await emailedAll(before, 60_000)).toEqual([]);
    for (const app of apps) expect((await readiness(app)).code).toBe(200);

    // A stream in flight when the broker freezes: the dispatcher is mid-batch and its commit comes
    // back from a coordinator that has forgotten the member.
    const during = Array.from({ length: 40 }, (_, i) => `cus-frz-${runId}-b${i}`);
    const streaming = deliver(during.slice(0, 20));
    await new Promise((r) => setTimeout(r, 150));
    signalBroker('SIGSTOP');
    const frozenAt = Date.now();
    // Past the 2 s for which a lag reading is reused: readiness asks the frozen broker.
    await new Promise((r) => setTimeout(r, 2_500));
    const whileFrozen = await Promise.all(apps.map((app) => readiness(app)));
    for (const answer of whileFrozen) {
      expect(answer.code).toBe(503);
      // The public answer names states, never internal error text such as addresses.
      expect(JSON.stringify(answer.body)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|error"/);
    }
    const detailed = await readiness(apps[1], ADMIN_KEY);
    expect(detailed.body.checks['consumer:commands'].status).toBe('down');
    expect(detailed.body.checks['consumer:commands'].error).toEqual(expect.any(String));
    // Liveness stays up: a frozen broker is a passing fault, not a reason to restart the process.
    expect((await fetch(`${apps[1].url}/health`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, Math.max(0, FREEZE_MS - (Date.now() - frozenAt))));
    signalBroker('SIGCONT');
    await streaming.catch(() => undefined);

    const after = Array.from({ length: 40 }, (_, i) => `cus-frz-${runId}-c${i}`);
    await eventually(
      () =>
        deliver(after).then(
          () => true,
          () => false,
        ),
      (ok) => ok,
      60_000,
      1_000,
    );
    expect(await emailedAll(after, 120_000)).toEqual([]);
    for (const app of apps) {
      const ready = await eventually(
        () => readiness(app),
        (r) => r.code === 200,
        30_000,
        500,
      );
      expect(ready.code).toBe(200);
    }
  });
});

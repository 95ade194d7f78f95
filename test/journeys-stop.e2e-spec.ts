import { sampleEvent } from '@postventa/contracts';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { RunningApp } from '@postventa/platform';
import { Producer } from 'kafkajs';
import { dispatcherApp } from '../apps/dispatcher/src/dispatcher.module';
import { engineApp } from '../apps/engine/src/engine.module';
import { TEST_LINK_SECRET } from './support/dispatcher-fixtures';
import { domainEvent, flowsDir, produceEvents, runFlowsCli } from './support/journey-kit';
import { testKafka } from './support/kafka';
import { SmtpCaptureClient } from './support/smtp-capture.client';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { eventually, isolatedTopics, startTestApp } from './support/test-apps';

/**
 * Order confirmation, a wait, a second email. The wait is long enough never to end on its own
 * while the test runs; the test makes it end by moving the waits' due time (see below).
 */
function twoEmailFlow(id: string): string {
  return `id: ${id}
name: Flow ${id}
trigger:
  event: order.placed
steps:
  - id: welcome
    type: email
    template: order-confirmation
    category: transactional
  - id: pause-a-little
    type: wait
    duration: PT1H
  - id: guide
    type: email
    template: what-to-expect
    category: transactional
`;
}

/**
 * `flows pause <id> --stop-journeys` ends the journeys already in the flow: exit reason recorded
 * on the journey and in activity, pending waits cancelled, and no further email for them; a
 * plain pause (the default) lets running journeys go on.
 */
describe('pausing a flow with --stop-journeys (engine, dispatcher, CLI; real Kafka, PostgreSQL, SMTP)', () => {
  const run = randomUUID().slice(0, 8);
  const topics = isolatedTopics();
  const capture = new SmtpCaptureClient();
  let db: TestDatabase;
  let dir: string;
  let producer: Producer;
  const apps: RunningApp[] = [];
  const cli = (...args: string[]) => runFlowsCli(args, { DATABASE_URL: db.url });

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = flowsDir({ 'stopped.yaml': twoEmailFlow('stopped'), 'control.yaml': twoEmailFlow('control') });
    const env = {
      ...topics,
      DATABASE_URL: db.url,
      FLOWS_DIR: dir,
      PUBLIC_BASE_URL: 'https://links.postventa.test',
      LINK_SIGNING_SECRET: TEST_LINK_SECRET,
      SCHEDULER_INTERVAL_MS: '200',
      OUTBOX_INTERVAL_MS: '200',
    };
    apps.push(await startTestApp(engineApp, env));
    apps.push(await startTestApp(dispatcherApp, env));
    producer = testKafka().producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    for (const app of apps.reverse()) await app.app.close();
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const address = (name: string) => `${name}.${run}@example.com`;
  const place = (name: string) => {
    const { customer: _sample, ...order } = sampleEvent('order.placed').data as Record<string, unknown>;
    const data = { ...order, order_id: `ord_${run}_${name}`, customer: { email: address(name), locale: 'en' } };
    return produceEvents(producer, topics.TOPIC_COMMERCE, [domainEvent('order.placed', `cus_${run}_${name}`, data)]);
  };
  const mails = (name: string) => capture.messages(address(name));

  it('ends the running journeys with a recorded reason, cancels their waits and sends them nothing more', async () => {
    await place('ana');
    await place('ben');
    // Each entered both flows and got both welcome emails; both journeys now wait.
    expect(
      await eventually(
        () => mails('ana'),
        (m) => m.length >= 2,
        30_000,
      ),
    ).toHaveLength(2);
    expect(
      await eventually(
        () => mails('ben'),
        (m) => m.length >= 2,
        30_000,
      ),
    ).toHaveLength(2);

    const paused = await cli('pause', 'stopped', '--stop-journeys');
    expect(paused).toMatchObject({ code: 0, stdout: 'stopped: paused; 2 running journey(s) stopped\n' });

    const journeys: Array<{ customer_id: string; status: string; outcome: string; reason: string; exited: boolean }> =
      await db.dataSource.query(
        `SELECT customer_id, status, outcome, state->>'exit_reason' AS reason, exited_at IS NOT NULL AS exited FROM journey_instances WHERE flow_id = 'stopped' ORDER BY customer_id`,
      );
    expect(journeys).toEqual([
      { customer_id: `cus_${run}_ana`, status: 'exited', outcome: 'cancelled', reason: 'flow_paused', exited: true },
      { customer_id: `cus_${run}_ben`, status: 'exited', outcome: 'cancelled', reason: 'flow_paused', exited: true },
    ]);
    const timers: Array<{ status: string }> = await db.dataSource.query(
      `SELECT status FROM journey_timers WHERE flow_id = 'stopped'`,
    );
    expect(timers.length).toBeGreaterThan(0);
    expect(timers.every((t) => t.status === 'cancelled')).toBe(true);
    const activity: Array<{ customer_id: string; outcome: string; reason: string }> = await db.dataSource.query(
      `SELECT customer_id, outcome, data->>'reason' AS reason FROM activity WHERE flow_id = 'stopped' AND type = 'journey.exited' ORDER BY customer_id`,
    );
    expect(activity).toEqual([
      { customer_id: `cus_${run}_ana`, outcome: 'cancelled', reason: 'flow_paused' },
      { customer_id: `cus_${run}_ben`, outcome: 'cancelled', reason: 'flow_paused' },
    ]);

    // The waits of both flows come due now, as if the hour had passed: the control flow's
    // journeys (same wait, same customers) go on, and once their second emails arrive, the
    // stopped flow's would have too, had their waits not been cancelled.
    await db.dataSource.query(
      `UPDATE journey_timers SET due_at = now() WHERE flow_id IN ('stopped', 'control') AND step_id = 'pause-a-little'`,
    );
    expect(
      await eventually(
        () => mails('ana'),
        (m) => m.length >= 3,
        60_000,
      ),
    ).toHaveLength(3);
    expect(
      await eventually(
        () => mails('ben'),
        (m) => m.length >= 3,
        60_000,
      ),
    ).toHaveLength(3);
    const [{ stoppedCommands }] = await db.dataSource.query(
      `SELECT count(*)::int AS "stoppedCommands" FROM deliveries WHERE command->'flow'->>'id' = 'stopped'`,
    );
    expect(stoppedCommands).toBe(2); // the two welcome emails only
    const [{ controlCommands }] = await db.dataSource.query(
      `SELECT count(*)::int AS "controlCommands" FROM deliveries WHERE command->'flow'->>'id' = 'control'`,
    );
    expect(controlCommands).toBe(4);
    const open = await db.dataSource.query(
      `SELECT status FROM journey_instances WHERE flow_id = 'stopped' AND status IN ('active', 'waiting')`,
    );
    expect(open).toEqual([]);
  });

  it('refuses --stop-journeys on resume, and a plain pause leaves running journeys alone', async () => {
    const resume = await cli('resume', 'stopped', '--stop-journeys');
    expect(resume.code).not.toBe(0);
    expect(resume.stderr).toMatch(/unknown option '--stop-journeys'/);
    expect((await cli('resume', 'control')).code).toBe(0);
    await place('cy'); // enters only the control flow: the other one is paused
    expect(
      await eventually(
        () => mails('cy'),
        (m) => m.length >= 1,
        30_000,
      ),
    ).toHaveLength(1);
    expect(await cli('pause', 'control')).toMatchObject({ code: 0, stdout: 'control: paused\n' });
    const [control] = await db.dataSource.query(
      `SELECT status FROM journey_instances WHERE flow_id = 'control' AND customer_id = $1`,
      [`cus_${run}_cy`],
    );
    expect(control.status).toBe('waiting');
  });
});

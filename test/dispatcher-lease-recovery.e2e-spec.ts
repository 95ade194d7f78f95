import { RunningApp } from '@postventa/platform';
import { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { dispatcherApp } from '../apps/dispatcher/src/dispatcher.module';
import { gatewayApp } from '../apps/gateway/src/gateway.module';
import { ChildApp } from './support/child-app';
import { emailCommand, insertCustomer, publishCommands, TEST_LINK_SECRET } from './support/dispatcher-fixtures';
import { testKafka } from './support/kafka';
import { SmtpCaptureClient } from './support/smtp-capture.client';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { eventually, isolatedTopics, startTestApp } from './support/test-apps';

const ADMIN_KEY = 'admin-key-lease-recovery-0123456789';

/**
 * A dispatcher is SIGKILLed in the middle of a batch: one email handed to SMTP whose answer is
 * never recorded (a test-only trigger holds the "sent" update) and many more still queued under
 * the dead process's lease (a slow SMTP rate limit keeps them waiting). Restarted, the dispatcher
 * takes over at once: the queued emails go out within seconds, the interrupted one becomes
 * `unknown` (never resent) and shows up in the metric and in the admin API with what is known.
 */
describe('dispatcher killed mid-batch and restarted (child process, SIGKILL)', () => {
  const run = randomUUID().slice(0, 8);
  const topics = isolatedTopics();
  const capture = new SmtpCaptureClient();
  const env = {
    ...topics,
    PUBLIC_BASE_URL: 'https://links.postventa.test',
    LINK_SIGNING_SECRET: TEST_LINK_SECRET,
    DISPATCHER_SESSION_TIMEOUT_MS: '6000',
    DISPATCHER_INSTANCE_NAME: `lease-test-${run}`,
    DELIVERY_POLL_INTERVAL_MS: '200',
    DISPATCHER_PORT: '0',
    LOG_LEVEL: 'error',
  };
  const QUEUED = 24;
  let db: TestDatabase;
  let child: ChildApp | undefined;
  let restarted: RunningApp | undefined;
  let gateway: RunningApp | undefined;
  let producer: Producer;

  beforeAll(async () => {
    db = await createTestDatabase();
    producer = testKafka().producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  });

  afterAll(async () => {
    await child?.kill();
    await restarted?.app.close();
    await gateway?.app.close();
    await producer?.disconnect();
    await db?.drop();
  });

  it('sends the queued emails of the dead dispatcher within seconds of its restart and records the interrupted one as unknown', async () => {
    const held = { id: `cus_${run}_held`, email: `held.${run}@example.com` };
    const others = Array.from({ length: QUEUED }, (_, i) => ({
      id: `cus_${run}_q${i}`,
      email: `queued-${i}.${run}@example.com`,
    }));
    for (const c of [held, ...others]) await insertCustomer(db.dataSource, { id: c.id, email: c.email, locale: 'en' });
    const heldCommand = emailCommand(`cmd_${run}_held`, held.id, { category: 'transactional' });
    await db.dataSource.query(`
      CREATE FUNCTION test_hold_sent() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_sleep(600); RETURN NEW; END $$`);
    await db.dataSource.query(
      `CREATE TRIGGER test_hold_sent BEFORE UPDATE ON deliveries FOR EACH ROW WHEN (NEW.status = 'sent' AND NEW.command_id = '${heldCommand.command_id}') EXECUTE FUNCTION test_hold_sent()`,
    );

    // One email a second: most of the batch is still queued under this process's lease when it dies.
    child = await ChildApp.start('dispatcher', {
      ...env,
      DATABASE_URL: db.url,
      SMTP_RATE_LIMIT: '1',
      SMTP_POOL_SIZE: '1',
    });
    await publishCommands(
      producer,
      topics.TOPIC_COMMANDS,
      [heldCommand, ...others.map((c, i) => emailCommand(`cmd_${run}_q${i}`, c.id, { category: 'transactional' }))],
      0,
    );
    expect(await capture.waitFor(held.email, 1, 30_000)).toHaveLength(1);
    const holding = await eventually(
      () =>
        db.dataSource.query(
          `SELECT pid FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND query LIKE 'UPDATE deliveries%' AND datname = current_database()`,
        ) as Promise<Array<{ pid: number }>>,
      (rows) => rows.length === 1,
    );
    expect(holding).toHaveLength(1);
    await child.kill();
    await db.dataSource.query(`SELECT pg_terminate_backend($1)`, [holding[0].pid]);
    await db.dataSource.query(`DROP TRIGGER test_hold_sent ON deliveries`);

    const left: Array<{ status: string; count: number }> = await db.dataSource.query(
      `SELECT status, count(*)::int AS count FROM deliveries GROUP BY status`,
    );
    const byStatus = Object.fromEntries(left.map((r) => [r.status, r.count]));
    expect(byStatus.sending).toBe(1);
    expect(byStatus.queued).toBeGreaterThan(QUEUED / 2); // the case under test: work left under a dead lease

    // Restart under the same instance name: every email still owed arrives within 20 s.
    restarted = await startTestApp(dispatcherApp, { ...env, DATABASE_URL: db.url, SMTP_RATE_LIMIT: '0' });
    const deadline = Date.now() + 20_000;
    const owed = async () => {
      const counts = await Promise.all(others.map(async (c) => (await capture.messages(c.email)).length));
      return counts.filter((n) => n === 0).length;
    };
    const missing = await eventually(owed, (n) => n === 0 || Date.now() > deadline, 25_000, 250);
    expect(missing).toBe(0);

    // Nothing twice; the interrupted one is unknown and not resent.
    for (const c of others) expect(await capture.messages(c.email)).toHaveLength(1);
    const final = await eventually(
      async () =>
        (
          await db.dataSource.query(
            `SELECT status, attempts, error_code, smtp_stage, sending_at, unknown_at FROM deliveries WHERE command_id = $1`,
            [heldCommand.command_id],
          )
        )[0],
      (row: { status: string; sending_at: Date | null; unknown_at: Date | null }) => row.status === 'unknown',
      10_000,
    );
    expect(final).toMatchObject({
      status: 'unknown',
      attempts: 1,
      error_code: 'OUTCOME_UNKNOWN',
      smtp_stage: 'handed_to_smtp',
    });
    expect(final.sending_at).not.toBeNull();
    expect(final.unknown_at).not.toBeNull();
    expect(await capture.messages(held.email)).toHaveLength(1);

    // Visible: the gauge and the counter...
    const metrics = await (await fetch(`${restarted.url}/metrics`)).text();
    expect(metrics).toMatch(/^postventa_deliveries_unknown 1$/m);
    expect(metrics).toMatch(/postventa_emails_total\{outcome="unknown",category="any"\} 1/);

    // ...and the admin API, with the SMTP facts known.
    gateway = await startTestApp(gatewayApp, { ...topics, DATABASE_URL: db.url, ADMIN_API_KEYS: ADMIN_KEY });
    const denied = await fetch(`${gateway.url}/v1/deliveries?outcome=unknown`);
    expect(denied.status).toBe(401);
    const bad = await fetch(`${gateway.url}/v1/deliveries?outcome=lost`, {
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    });
    expect(bad.status).toBe(400);
    const response = await fetch(`${gateway.url}/v1/deliveries?outcome=unknown`, {
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { deliveries: Array<Record<string, unknown>> };
    expect(body.deliveries).toHaveLength(1);
    expect(body.deliveries[0]).toMatchObject({
      command_id: heldCommand.command_id,
      customer_id: held.id,
      status: 'unknown',
      template: heldCommand.template,
      attempts: 1,
      message_id: expect.stringContaining(heldCommand.command_id),
      smtp: { last_stage: 'handed_to_smtp', response_code: null, handed_to_smtp_at: expect.any(String) },
      error_code: 'OUTCOME_UNKNOWN',
      unknown_since: expect.any(String),
    });
  });
});

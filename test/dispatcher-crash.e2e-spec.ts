import { RunningApp } from '@postventa/platform';
import { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { dispatcherApp } from '../apps/dispatcher/src/dispatcher.module';
import { ChildApp } from './support/child-app';
import { emailCommand, insertCustomer, publishCommands, TEST_LINK_SECRET } from './support/dispatcher-fixtures';
import { testKafka } from './support/kafka';
import { SmtpCaptureClient } from './support/smtp-capture.client';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { eventually, isolatedTopics, startTestApp } from './support/test-apps';

/**
 * The dispatcher is SIGKILLed after the SMTP server accepted an email and before its outcome was
 * recorded. A database trigger (test-only) holds the "mark sent" update, so the kill lands
 * exactly in that window; then a new dispatcher in the same consumer group and the same
 * database takes over (the command may come back from Kafka too, if its offset was not
 * committed yet: it is then a duplicate of the recorded delivery).
 */
describe('dispatcher killed between SMTP accept and commit (child process, SIGKILL)', () => {
  const run = randomUUID().slice(0, 8);
  const topics = isolatedTopics();
  const capture = new SmtpCaptureClient();
  const env = {
    ...topics,
    PUBLIC_BASE_URL: 'https://links.postventa.test',
    LINK_SIGNING_SECRET: TEST_LINK_SECRET,
    DISPATCHER_SESSION_TIMEOUT_MS: '6000',
    SMTP_SEND_TIMEOUT_MS: '1500',
    SMTP_CONNECTION_TIMEOUT_MS: '1500',
    DELIVERY_POLL_INTERVAL_MS: '200',
    DISPATCHER_PORT: '0',
    LOG_LEVEL: 'error',
  };
  let db: TestDatabase;
  let child: ChildApp | undefined;
  let restarted: RunningApp | undefined;
  let producer: Producer;

  beforeAll(async () => {
    db = await createTestDatabase();
    producer = testKafka().producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  });

  afterAll(async () => {
    await child?.kill();
    await restarted?.app.close();
    await producer?.disconnect();
    await db?.drop();
  });

  it('produces one email, not two, and records the delivery as unknown instead of resending it', async () => {
    const address = `crash.${run}@example.com`;
    const customerId = `cus_${run}_crash`;
    await insertCustomer(db.dataSource, { id: customerId, email: address, locale: 'en' });
    await db.dataSource.query(`
      CREATE FUNCTION test_hold_sent() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_sleep(600); RETURN NEW; END $$`);
    await db.dataSource.query(
      `CREATE TRIGGER test_hold_sent BEFORE UPDATE ON deliveries FOR EACH ROW WHEN (NEW.status = 'sent') EXECUTE FUNCTION test_hold_sent()`,
    );

    child = await ChildApp.start('dispatcher', { ...env, DATABASE_URL: db.url });
    const command = emailCommand(`cmd_${run}_crash`, customerId, { category: 'transactional' });
    await publishCommands(producer, topics.TOPIC_COMMANDS, [command], 0);

    // SMTP accepted it...
    expect(await capture.waitFor(address, 1)).toHaveLength(1);
    // ...and the dispatcher is stuck recording it: that is where it dies.
    const held = await eventually(
      () =>
        db.dataSource.query(
          `SELECT pid FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND query LIKE 'UPDATE deliveries%' AND datname = current_database()`,
        ) as Promise<Array<{ pid: number }>>,
      (rows) => rows.length === 1,
    );
    expect(held).toHaveLength(1);
    await child.kill();
    await db.dataSource.query(`SELECT pg_terminate_backend($1)`, [held[0].pid]);
    await db.dataSource.query(`DROP TRIGGER test_hold_sent ON deliveries`);
    const [left] = await db.dataSource.query(`SELECT status, attempts FROM deliveries WHERE command_id = $1`, [
      command.command_id,
    ]);
    expect(left).toEqual({ status: 'sending', attempts: 1 });

    // A new dispatcher in the same group.
    restarted = await startTestApp(dispatcherApp, { ...env, DATABASE_URL: db.url });
    const markerAddress = `crash-marker.${run}@example.com`;
    await insertCustomer(db.dataSource, { id: `cus_${run}_marker`, email: markerAddress, locale: 'en' });
    await publishCommands(
      producer,
      topics.TOPIC_COMMANDS,
      [emailCommand(`cmd_${run}_marker`, `cus_${run}_marker`, { category: 'transactional' })],
      0,
    );
    expect(await capture.waitFor(markerAddress, 1, 60_000)).toHaveLength(1);

    const final = await eventually(
      async () =>
        (
          await db.dataSource.query(`SELECT status, attempts, error_code FROM deliveries WHERE command_id = $1`, [
            command.command_id,
          ])
        )[0],
      (row: { status: string }) => row.status === 'unknown',
      20_000,
    );
    expect(final).toEqual({ status: 'unknown', attempts: 1, error_code: 'OUTCOME_UNKNOWN' });
    // `unknown` is final: the retry poller never claims it.
    expect(await capture.messages(address)).toHaveLength(1);
  });
});

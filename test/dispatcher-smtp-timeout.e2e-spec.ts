import { RunningApp } from '@postventa/platform';
import { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { dispatcherApp } from '../apps/dispatcher/src/dispatcher.module';
import { emailCommand, insertCustomer, publishCommands, TEST_LINK_SECRET } from './support/dispatcher-fixtures';
import { testKafka } from './support/kafka';
import { SlowSmtpServer } from './support/slow-smtp.server';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { eventually, isolatedTopics, startTestApp } from './support/test-apps';

interface Row {
  command_id: string;
  status: string;
  attempts: number;
  error_code: string | null;
  smtp_stage: string | null;
  unknown_at: Date | null;
}

/**
 * SMTP stops answering in the middle of a conversation. Before the end of data nothing can have
 * been accepted: the email is retried and arrives once. After the end of data the server may have
 * it: the email is recorded `unknown` at once and never sent again, so it cannot arrive twice.
 */
describe('SMTP timeouts before and after the end of data (real SMTP, Kafka, Postgres)', () => {
  const run = randomUUID().slice(0, 8);
  const topics = isolatedTopics();
  const smtp = new SlowSmtpServer(0);
  let db: TestDatabase;
  let producer: Producer;
  let dispatcher: RunningApp | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    producer = testKafka().producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await smtp.start();
  });

  afterAll(async () => {
    await dispatcher?.app.close();
    await producer?.disconnect();
    await smtp.stop();
    await db?.drop();
  });

  it('retries a timeout before DATA and records a timeout after the end of data as unknown, never resent', async () => {
    const before = { id: `cus_${run}_before`, email: `before.${run}@example.com`, command: `cmd_${run}_before` };
    const after = { id: `cus_${run}_after`, email: `after.${run}@example.com`, command: `cmd_${run}_after` };
    const normal = { id: `cus_${run}_normal`, email: `normal.${run}@example.com`, command: `cmd_${run}_normal` };
    for (const c of [before, after, normal])
      await insertCustomer(db.dataSource, { id: c.id, email: c.email, locale: 'en' });
    smtp.silentAtFirstRcpt.add(before.email);
    smtp.silentAfterData.add(after.email);

    dispatcher = await startTestApp(dispatcherApp, {
      ...topics,
      DATABASE_URL: db.url,
      SMTP_URL: smtp.url,
      SMTP_RATE_LIMIT: '0',
      SMTP_CONNECTION_TIMEOUT_MS: '1000',
      SMTP_SEND_TIMEOUT_MS: '1000',
      PUBLIC_BASE_URL: 'https://links.postventa.test',
      LINK_SIGNING_SECRET: TEST_LINK_SECRET,
      DELIVERY_POLL_INTERVAL_MS: '200',
      DELIVERY_RETRY_INITIAL_MS: '200',
      DELIVERY_RETRY_MAX_MS: '1000',
    });
    await publishCommands(
      producer,
      topics.TOPIC_COMMANDS,
      [before, after, normal].map((c) => emailCommand(c.command, c.id, { category: 'transactional' })),
    );

    const rows = await eventually(
      () =>
        db.dataSource.query(
          `SELECT command_id, status, attempts, error_code, smtp_stage, unknown_at FROM deliveries ORDER BY command_id`,
        ) as Promise<Row[]>,
      (r) => r.length === 3 && r.every((row) => row.status === 'sent' || row.status === 'unknown'),
      60_000,
    );
    const byCommand = new Map(rows.map((r) => [r.command_id, r]));

    // Cut before DATA: retried, delivered once.
    expect(byCommand.get(before.command)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(smtp.takenFor(before.email)).toHaveLength(1);
    expect(byCommand.get(normal.command)).toMatchObject({ status: 'sent', attempts: 1 });

    // Cut after the end of data: unknown at once, with what is known, and not sent again.
    expect(byCommand.get(after.command)).toMatchObject({
      status: 'unknown',
      attempts: 1,
      error_code: 'OUTCOME_UNKNOWN',
      smtp_stage: 'end_of_data',
    });
    expect(byCommand.get(after.command)?.unknown_at).not.toBeNull();
    await new Promise((r) => setTimeout(r, 3000)); // several poll rounds and retry delays
    expect(smtp.takenFor(after.email)).toHaveLength(1);
    const [still] = (await db.dataSource.query(`SELECT status, attempts FROM deliveries WHERE command_id = $1`, [
      after.command,
    ])) as Row[];
    expect(still).toMatchObject({ status: 'unknown', attempts: 1 });
    const metrics = await (await fetch(`${dispatcher.url}/metrics`)).text();
    expect(metrics).toMatch(/^postventa_deliveries_unknown 1$/m);
  });
});

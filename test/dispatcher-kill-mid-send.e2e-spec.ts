import { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { ChildApp } from './support/child-app';
import { emailCommand, insertCustomer, publishCommands, TEST_LINK_SECRET } from './support/dispatcher-fixtures';
import { testKafka } from './support/kafka';
import { SlowSmtpServer } from './support/slow-smtp.server';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { eventually, isolatedTopics } from './support/test-apps';

const EMAILS = 50;
const POOL = 5;

/**
 * A dispatcher is SIGKILLed while a batch of 50 emails goes out through a slow SMTP server (each
 * message is answered 600 ms after its end of data), with the retry poller sending retries at the
 * same time (every other recipient is answered 451 once). Restarted under the same name, it must
 * send every email the server never got, send none twice, and record as `unknown` at most the
 * emails that really were in an SMTP conversation when it died (no more than the pool holds).
 */
describe('dispatcher killed while a batch is being sent (child process, SIGKILL)', () => {
  const run = randomUUID().slice(0, 8);
  const topics = isolatedTopics();
  const smtp = new SlowSmtpServer(600);
  let db: TestDatabase;
  let producer: Producer;
  let child: ChildApp | undefined;
  let env: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase();
    producer = testKafka().producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await smtp.start();
    env = {
      ...topics,
      SMTP_URL: smtp.url,
      SMTP_POOL_SIZE: String(POOL),
      SMTP_RATE_LIMIT: '0',
      SMTP_CONNECTION_TIMEOUT_MS: '3000',
      SMTP_SEND_TIMEOUT_MS: '5000',
      PUBLIC_BASE_URL: 'https://links.postventa.test',
      LINK_SIGNING_SECRET: TEST_LINK_SECRET,
      DISPATCHER_SESSION_TIMEOUT_MS: '6000',
      DISPATCHER_INSTANCE_NAME: `kill-mid-send-${run}`,
      DELIVERY_POLL_INTERVAL_MS: '200',
      DELIVERY_RETRY_INITIAL_MS: '200',
      DELIVERY_RETRY_MAX_MS: '1000',
      DISPATCHER_PORT: '0',
      LOG_LEVEL: 'error',
      DATABASE_URL: db.url,
    };
  });

  afterAll(async () => {
    await child?.kill();
    await producer?.disconnect();
    await smtp.stop();
    await db?.drop();
  });

  it('sends after the restart every email SMTP never got, none twice, and leaves unknown only those SMTP had in hand', async () => {
    const customers = Array.from({ length: EMAILS }, (_, i) => ({
      id: `cus_${run}_${i}`,
      email: `kill-${i}.${run}@example.com`,
      command: `cmd_${run}_${i}`,
    }));
    for (const c of customers) await insertCustomer(db.dataSource, { id: c.id, email: c.email, locale: 'en' });
    customers.filter((_, i) => i % 2 === 1).forEach((c) => smtp.failFirst.add(c.email));

    child = await ChildApp.start('dispatcher', env);
    await publishCommands(
      producer,
      topics.TOPIC_COMMANDS,
      customers.map((c) => emailCommand(c.command, c.id, { category: 'transactional' })),
      0,
    );

    // Kill while the batch is half sent and retries are going out beside it.
    const busy = await eventually(
      async () => {
        const [row]: Array<{ retrying: number; fresh: number }> = await db.dataSource.query(
          `SELECT count(*) FILTER (WHERE status = 'sending' AND attempts >= 2)::int AS retrying,
                  count(*) FILTER (WHERE status = 'queued' AND attempts = 0)::int AS fresh
             FROM deliveries`,
        );
        return { ...row, taken: smtp.taken.length };
      },
      (s) => s.taken >= 8 && s.retrying > 0 && s.fresh > 0,
      60_000,
      25,
    );
    expect(busy.taken).toBeGreaterThanOrEqual(8);
    const killedAt = Date.now();
    await child.kill();
    child = undefined;
    await new Promise((r) => setTimeout(r, 500));
    const cut = smtp.cut.filter((s) => s.at >= killedAt);
    const takenAtKill = new Set(smtp.taken.map((m) => m.recipients[0]));
    const stranded: Array<{ status: string; count: number }> = await db.dataSource.query(
      `SELECT status, count(*)::int AS count FROM deliveries GROUP BY status`,
    );
    const strandedByStatus = Object.fromEntries(stranded.map((r) => [r.status, r.count]));
    expect(customers.length - takenAtKill.size).toBeGreaterThan(0); // the case under test: mail still owed at the kill
    expect({ strandedByStatus, cut }).toEqual({
      strandedByStatus: { ...strandedByStatus, sending: Math.min(strandedByStatus.sending ?? 0, POOL) },
      cut,
    });

    child = await ChildApp.start('dispatcher', env);
    const settled = await eventually(
      async () => {
        const rows: Array<{ command_id: string; status: string }> = await db.dataSource.query(
          `SELECT command_id, status FROM deliveries`,
        );
        return rows;
      },
      (rows) => rows.length === EMAILS && rows.every((r) => ['sent', 'unknown', 'failed'].includes(r.status)),
      90_000,
      250,
    );
    await new Promise((r) => setTimeout(r, 1000)); // room for a late duplicate to show
    const status = new Map(settled.map((r) => [r.command_id, r.status]));

    const report = customers.map((c) => ({
      command: c.command,
      status: status.get(c.command),
      received: smtp.takenFor(c.email).length,
    }));
    const unknown = report.filter((r) => r.status === 'unknown');
    const context = { strandedAtKill: strandedByStatus, cutAtKill: cut, unknown };

    // Nothing twice, and every email owed arrives, except those SMTP had in hand at the kill.
    expect({ ...context, twice: report.filter((r) => r.received > 1) }).toEqual({ ...context, twice: [] });
    expect({ ...context, missing: report.filter((r) => r.received === 0 && r.status !== 'unknown') }).toEqual({
      ...context,
      missing: [],
    });
    expect({ ...context, notSent: report.filter((r) => r.status !== 'sent' && r.status !== 'unknown') }).toEqual({
      ...context,
      notSent: [],
    });

    // `unknown` only for what was in an SMTP conversation at the kill: never more than the pool.
    // An email never taken may be unknown only if it held a conversation: one the server saw cut
    // before the end of data, or one still opening its connection (not at the server yet). An
    // email SMTP took and answered just before the kill may be unknown too: it was not lost.
    const unknownNeverTaken = unknown.filter((r) => r.received === 0).length;
    const cutMidConversation = cut.filter((s) => s.stage === 'conversation').length;
    const notAtServerYet = Math.max(0, POOL - cut.length);
    expect({ ...context, unknownNeverTaken }).toEqual({
      ...context,
      unknownNeverTaken: Math.min(unknownNeverTaken, cutMidConversation + notAtServerYet),
    });
    expect({ ...context, unknownCount: unknown.length }).toEqual({
      ...context,
      unknownCount: Math.min(unknown.length, POOL),
    });
  }, 240_000);
});

import { RunningApp } from '@postventa/platform';
import { Kafka, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { dispatcherApp } from '../apps/dispatcher/src/dispatcher.module';
import {
  emailCommand,
  insertCustomer,
  publishCommands,
  surveyCommand,
  TEST_LINK_SECRET,
} from './support/dispatcher-fixtures';
import { testKafka } from './support/kafka';
import { SmtpCaptureClient } from './support/smtp-capture.client';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { eventually, isolatedTopics, startTestApp } from './support/test-apps';
import { TopicCollector } from './support/topic-collector';

describe('dispatcher: commands become emails, exactly once (real Kafka, PostgreSQL, SMTP)', () => {
  const run = randomUUID().slice(0, 8);
  const topics = isolatedTopics();
  const capture = new SmtpCaptureClient();
  const address = (name: string) => `${name}.${run}@example.com`;
  const customer = (name: string) => `cus_${run}_${name}`;
  let db: TestDatabase;
  let dispatcher: RunningApp;
  let kafka: Kafka;
  let producer: Producer;
  let activity: TopicCollector;

  const delivery = async (commandId: string) =>
    (
      (await db.dataSource.query(
        `SELECT status, attempts, error_code, error_message, message_id, locale FROM deliveries WHERE command_id = $1`,
        [commandId],
      )) as Array<{
        status: string;
        attempts: number;
        error_code: string | null;
        error_message: string | null;
        message_id: string;
        locale: string | null;
      }>
    )[0];

  /** A marker email after the commands under test: once it arrives, the partition was read past them. */
  async function sendMarker(name: string, partition?: number): Promise<void> {
    await insertCustomer(db.dataSource, { id: customer(name), email: address(name), locale: 'en' });
    await publishCommands(
      producer,
      topics.TOPIC_COMMANDS,
      [emailCommand(`cmd_${run}_${name}`, customer(name), { category: 'transactional' })],
      partition,
    );
    expect(await capture.waitFor(address(name), 1)).toHaveLength(1);
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    dispatcher = await startTestApp(dispatcherApp, {
      ...topics,
      DATABASE_URL: db.url,
      PUBLIC_BASE_URL: 'https://links.postventa.test',
      LINK_SIGNING_SECRET: TEST_LINK_SECRET,
      MAIL_FROM: 'Lumen <no-reply@lumen.example>',
      BRAND_NAME: 'Lumen',
      DELIVERY_RETRY_INITIAL_MS: '400',
      DELIVERY_RETRY_MAX_MS: '1500',
      DELIVERY_MAX_ATTEMPTS: '50',
      DELIVERY_POLL_INTERVAL_MS: '200',
      SMTP_SEND_TIMEOUT_MS: '5000',
      SMTP_CONNECTION_TIMEOUT_MS: '3000',
    });
    kafka = testKafka();
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    activity = new TopicCollector(kafka, topics.TOPIC_ACTIVITY);
    await activity.start();
  });

  afterAll(async () => {
    await capture.recover();
    await activity?.stop();
    await producer?.disconnect();
    await dispatcher?.app.close();
    await db?.drop();
  });

  it('turns an email.send command into one email: subject, HTML and text in the customer language, data, one-click unsubscribe', async () => {
    await insertCustomer(db.dataSource, {
      id: customer('ana'),
      email: address('ana'),
      name: 'Ana García',
      locale: 'es-MX',
    });
    const command = emailCommand(`cmd_${run}_ana`, customer('ana'));
    await publishCommands(producer, topics.TOPIC_COMMANDS, [command]);

    const [mail] = await capture.waitFor(address('ana'), 1);
    expect(mail.subject).toBe('¡Nos has alegrado el día! ¿Lo compartes?');
    expect(mail.html).toContain('<html lang="es">');
    expect(mail.html).toContain('Hola Ana');
    expect(mail.html).toContain('tu Lámpara Arco');
    expect(mail.text).toContain('Lámpara Arco');
    expect(mail.text).not.toMatch(/<(?!https?:)[a-z]/i);
    expect(mail.messageId).toBe(`<cmd_${run}_ana@lumen.example>`);
    expect(mail.headers['list-unsubscribe']).toMatch(
      /^<https:\/\/links\.postventa\.test\/u\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+>$/,
    );
    expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    // Each header on one line in the message as sent (no folding).
    const raw = await (await fetch(`${process.env.SMTP_CAPTURE_URL}/messages/${mail.id}/raw`)).text();
    expect(raw).toMatch(/\r\nList-Unsubscribe: <https:\/\/links\.postventa\.test\/u\/[A-Za-z0-9_.-]+>\r\n(?![ \t])/);
    expect(raw).toMatch(/\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n/);
    // Links in the email go through the click tracker; the open pixel is there.
    expect(mail.html).not.toContain('https://shop.example/review/LM-1');
    expect(mail.html).toMatch(/href="https:\/\/links\.postventa\.test\/c\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+"/);
    expect(mail.html).toMatch(/<img src="https:\/\/links\.postventa\.test\/o\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.gif"/);

    const sent = await eventually(
      async () => activity.of('email.sent', (e) => e.data.command_id === command.command_id),
      (e) => e.length > 0,
    );
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      id: `${command.command_id}:email.sent`,
      subject: customer('ana'),
      data: {
        message_id: `<cmd_${run}_ana@lumen.example>`,
        template: 'review-request',
        category: 'marketing',
        locale: 'es',
        flow: { id: 'test-flow', version: 3 },
        attempt: 1,
      },
    });
    expect(JSON.stringify(sent[0])).not.toContain(address('ana'));
    expect(await delivery(command.command_id)).toMatchObject({ status: 'sent', attempts: 1, locale: 'es' });
  });

  it('sends transactional email without unsubscribe headers, to command.to, in the command locale', async () => {
    await insertCustomer(db.dataSource, { id: customer('bob'), email: address('bob-old'), locale: 'es' });
    const command = emailCommand(`cmd_${run}_bob`, customer('bob'), {
      template: 'order-confirmation',
      category: 'transactional',
      to: address('bob'),
      locale: 'pt-BR',
      data: {
        order_id: 'LM-77',
        total: 50,
        currency: 'EUR',
        items: [{ sku: 'A', name: 'Abajur', quantity: 2, unit_price: 25 }],
      },
    });
    await publishCommands(producer, topics.TOPIC_COMMANDS, [command]);
    const [mail] = await capture.waitFor(address('bob'), 1);
    expect(mail.subject).toBe('Pedido LM-77 confirmado: obrigado!');
    expect(mail.html).toContain('Abajur');
    expect(mail.headers['list-unsubscribe']).toBeUndefined();
    expect(mail.headers['list-unsubscribe-post']).toBeUndefined();
    expect(await capture.messages(address('bob-old'))).toHaveLength(0);
  });

  it('sends a command delivered twice (Kafka redelivery) once', async () => {
    await insertCustomer(db.dataSource, { id: customer('dup'), email: address('dup'), locale: 'en' });
    const command = emailCommand(`cmd_${run}_dup`, customer('dup'));
    await publishCommands(producer, topics.TOPIC_COMMANDS, [command, command], 0);
    await publishCommands(producer, topics.TOPIC_COMMANDS, [command], 0);
    await sendMarker('dup-marker', 0);
    expect(await capture.messages(address('dup'))).toHaveLength(1);
    expect(await delivery(command.command_id)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('retries while SMTP answers 451, sends once when it recovers, and does not hold other customers back', async () => {
    await insertCustomer(db.dataSource, { id: customer('slow'), email: address('slow'), locale: 'en' });
    await insertCustomer(db.dataSource, { id: customer('fast'), email: address('fast'), locale: 'en' });
    await capture.failWith(451, [address('slow')]);
    const slow = emailCommand(`cmd_${run}_slow`, customer('slow'), { category: 'transactional' });
    const fast = emailCommand(`cmd_${run}_fast`, customer('fast'), { category: 'transactional' });
    // Same partition, failing one first: the second must not wait behind it.
    await publishCommands(producer, topics.TOPIC_COMMANDS, [slow, fast], 1);

    expect(await capture.waitFor(address('fast'), 1)).toHaveLength(1);
    const retrying = await eventually(
      () => delivery(slow.command_id),
      (d) => d?.status === 'retry' && d.attempts >= 2,
      20_000,
    );
    expect(retrying).toMatchObject({ status: 'retry', error_code: 'SMTP_451' });
    expect(await capture.messages(address('slow'))).toHaveLength(0);

    await capture.recover();
    expect(await capture.waitFor(address('slow'), 1)).toHaveLength(1);
    const done = await eventually(
      () => delivery(slow.command_id),
      (d) => d?.status === 'sent',
    );
    expect(done.attempts).toBeGreaterThanOrEqual(3);
    await sendMarker('slow-marker', 1);
    expect(await capture.messages(address('slow'))).toHaveLength(1);
    expect(activity.of('email.sent', (e) => e.data.command_id === slow.command_id)).toHaveLength(1);
  });

  it('marks a 5xx refusal failed with the reason, suppresses the hard-bounced address and emits email.bounced', async () => {
    await insertCustomer(db.dataSource, { id: customer('gone'), email: address('gone'), locale: 'en' });
    await capture.failWith(550, [address('gone')]);
    const command = emailCommand(`cmd_${run}_gone`, customer('gone'), { category: 'transactional' });
    await publishCommands(producer, topics.TOPIC_COMMANDS, [command]);

    const failed = await eventually(
      () => delivery(command.command_id),
      (d) => d?.status === 'failed',
    );
    await capture.recover();
    expect(failed).toMatchObject({ status: 'failed', error_code: 'HARD_BOUNCE', attempts: 1 });
    expect(failed.error_message).toMatch(/^SMTP_550: .*Mailbox unavailable/);
    const suppressed = await db.dataSource.query(
      `SELECT kind, category, customer_id FROM suppressions WHERE subject = $1`,
      [address('gone')],
    );
    expect(suppressed).toEqual([{ kind: 'address', category: 'bounce', customer_id: customer('gone') }]);
    const bounced = await eventually(
      async () => activity.of('email.bounced', (e) => e.data.command_id === command.command_id),
      (e) => e.length > 0,
    );
    expect(bounced[0].data).toMatchObject({ bounce_type: 'hard', diagnostic: expect.stringContaining('550') });
    expect(activity.of('email.failed', (e) => e.data.command_id === command.command_id)[0].data).toMatchObject({
      error_code: 'HARD_BOUNCE',
      retryable: false,
    });

    // Nothing more goes to a bounced address, not even transactional email.
    const again = emailCommand(`cmd_${run}_gone2`, customer('gone'), { category: 'transactional' });
    await publishCommands(producer, topics.TOPIC_COMMANDS, [again]);
    expect(
      await eventually(
        () => delivery(again.command_id),
        (d) => d?.status === 'suppressed',
      ),
    ).toMatchObject({ error_code: 'SUPPRESSED' });
    expect(await capture.messages(address('gone'))).toHaveLength(0);
  });

  it('fails a delivery whose template cannot be rendered, with the reason, instead of sending a broken email', async () => {
    await insertCustomer(db.dataSource, { id: customer('tpl'), email: address('tpl'), locale: 'en' });
    const missing = emailCommand(`cmd_${run}_tpl1`, customer('tpl'), {
      template: 'order-confirmation',
      category: 'transactional',
      data: {},
    });
    const unknown = emailCommand(`cmd_${run}_tpl2`, customer('tpl'), { template: 'no-such-template' });
    await publishCommands(producer, topics.TOPIC_COMMANDS, [missing, unknown]);
    const first = await eventually(
      () => delivery(missing.command_id),
      (d) => d?.status === 'failed',
    );
    expect(first).toMatchObject({ error_code: 'TEMPLATE_ERROR' });
    expect(first.error_message).toContain('Missing variable "order"');
    const second = await eventually(
      () => delivery(unknown.command_id),
      (d) => d?.status === 'failed',
    );
    expect(second.error_message).toContain('TEMPLATE_NOT_FOUND');
    const events = await eventually(
      async () => activity.of('email.failed', (e) => String(e.data.command_id).startsWith(`cmd_${run}_tpl`)),
      (e) => e.length === 2,
    );
    expect(events.map((e) => e.data.retryable)).toEqual([false, false]);
    expect(await capture.messages(address('tpl'))).toHaveLength(0);
  });

  it('sends an NPS survey with one signed link per score; a customer without marketing consent gets none', async () => {
    await insertCustomer(db.dataSource, { id: customer('nps'), email: address('nps'), locale: 'pt' });
    await insertCustomer(db.dataSource, {
      id: customer('nope'),
      email: address('nope'),
      locale: 'en',
      consent: { marketing: false },
    });
    const survey = surveyCommand(`cmd_${run}_nps`, customer('nps'));
    const refused = surveyCommand(`cmd_${run}_nope`, customer('nope'));
    await publishCommands(producer, topics.TOPIC_COMMANDS, [survey, refused]);
    const [mail] = await capture.waitFor(address('nps'), 1);
    const links = [
      ...(mail.html ?? '').matchAll(/href="(https:\/\/links\.postventa\.test\/s\/[^"?]+\?score=(\d+))"/g),
    ].map((m) => Number(m[2]));
    expect(links).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(mail.html).toContain('<html lang="pt">');
    expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(
      await eventually(
        () => delivery(refused.command_id),
        (d) => d?.status === 'suppressed',
      ),
    ).toMatchObject({ error_code: 'SUPPRESSED' });
    expect(await capture.messages(address('nope'))).toHaveLength(0);
  });

  it('dead-letters a command that breaks the contract and keeps going', async () => {
    await producer.send({
      topic: topics.TOPIC_COMMANDS,
      acks: -1,
      messages: [{ key: 'x', value: '{"type":"email.send"}', partition: 2 }],
    });
    await sendMarker('dlq-marker', 2);
    const admin = kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(topics.TOPIC_DEAD_LETTER);
    await admin.disconnect();
    expect(offsets.reduce((sum, p) => sum + Number(p.high), 0)).toBe(1);
  });

  it('counts sends by outcome in /metrics', async () => {
    const text = await (await fetch(`${dispatcher.url}/metrics`)).text();
    expect(text).toMatch(/postventa_emails_total\{outcome="sent",category="marketing"\} [1-9]/);
    expect(text).toMatch(/postventa_emails_total\{outcome="bounced",category="transactional"\} 1/);
    expect(text).toMatch(/postventa_emails_total\{outcome="duplicate",category="any"\} [1-9]/);
  });
});

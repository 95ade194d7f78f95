import { freePort } from '@postventa/dev-services';
import { signLink } from '@postventa/engagement';
import { RunningApp } from '@postventa/platform';
import { Kafka, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { dispatcherApp } from '../apps/dispatcher/src/dispatcher.module';
import { gatewayApp } from '../apps/gateway/src/gateway.module';
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

/** The token in a link URL, with one character changed. */
function tampered(url: string): string {
  const token = new URL(url).pathname.split('/')[2];
  const at = Math.floor(token.indexOf('.') / 2);
  const swapped = token[at] === 'A' ? 'B' : 'A';
  return url.replace(token, token.slice(0, at) + swapped + token.slice(at + 1));
}

/** The claims of a token rewritten (another customer, another URL) with the original signature kept. */
function rewritten(url: string, change: Record<string, unknown>): string {
  const token = new URL(url).pathname.split('/')[2].replace(/\.gif$/, '');
  const [payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  return url.replace(
    token,
    `${Buffer.from(JSON.stringify({ ...claims, ...change })).toString('base64url')}.${signature}`,
  );
}

describe('email links: surveys, unsubscribe, opens and clicks (real gateway, dispatcher, Kafka, PostgreSQL, SMTP)', () => {
  const run = randomUUID().slice(0, 8);
  const topics = isolatedTopics();
  const capture = new SmtpCaptureClient();
  const address = (name: string) => `${name}.${run}@example.com`;
  const customer = (name: string) => `cus_${run}_${name}`;
  let db: TestDatabase;
  let gateway: RunningApp;
  let dispatcher: RunningApp;
  let kafka: Kafka;
  let producer: Producer;
  let feedback: TopicCollector;

  const deliveryStatus = async (commandId: string): Promise<string | undefined> =>
    (await db.dataSource.query(`SELECT status FROM deliveries WHERE command_id = $1`, [commandId]))[0]?.status;

  async function mailFor(name: string, command: Parameters<typeof publishCommands>[2][number], locale = 'es') {
    await insertCustomer(db.dataSource, { id: customer(name), email: address(name), name: 'Lucía Pérez', locale });
    await publishCommands(producer, topics.TOPIC_COMMANDS, [command]);
    const [mail] = await capture.waitFor(address(name), 1);
    expect(mail).toBeDefined();
    return mail;
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    const port = await freePort();
    const env = {
      ...topics,
      DATABASE_URL: db.url,
      GATEWAY_PORT: String(port),
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      LINK_SIGNING_SECRET: TEST_LINK_SECRET,
      BRAND_NAME: 'Lumen',
      SURVEY_CHANGE_WINDOW_MINUTES: '60',
    };
    gateway = await startTestApp(gatewayApp, env);
    dispatcher = await startTestApp(dispatcherApp, env);
    kafka = testKafka();
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    feedback = new TopicCollector(kafka, topics.TOPIC_FEEDBACK);
    await feedback.start();
  });

  afterAll(async () => {
    await feedback?.stop();
    await producer?.disconnect();
    await dispatcher?.app.close();
    await gateway?.app.close();
    await db?.drop();
  });

  it('shows the survey for a score link, records the answer when the customer sends it, and updates it on a second answer and a comment', async () => {
    const command = surveyCommand(`cmd_${run}_nps`, customer('nps'));
    const mail = await mailFor('nps', command);
    const links = new Map(
      [...(mail.html ?? '').matchAll(/href="([^"]+\/s\/[^"?]+\?score=(\d+))"/g)].map((m) => [
        Number(m[2]),
        m[1].replace(/&amp;/g, '&'),
      ]),
    );
    expect([...links.keys()]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const surveyId = command.survey.survey_id;
    const post = (url: string, form: Record<string, string>) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
      });

    // The click shows the survey with that score selected; nothing is answered yet.
    const page = await fetch(links.get(9)!);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await page.text();
    expect(html).toContain('<html lang="es">');
    expect(html).toContain('Confirma tu respuesta');
    expect(html).toContain('<input type="radio" name="score" value="9" checked> 9');
    expect(html).toContain(`<form method="post" action="${links.get(9)!.replace(/&/g, '&#38;')}">`);
    expect(html).toContain('<textarea');
    expect(await db.dataSource.query(`SELECT 1 FROM survey_answers WHERE survey_id = $1`, [surveyId])).toEqual([]);

    // The customer sends the form: answered at once.
    const sent = await post(links.get(9)!, { score: '9' });
    expect(sent.status).toBe(200);
    const thanks = await sent.text();
    expect(thanks).toContain('¡Gracias por tu respuesta!');
    expect(thanks).toContain('Tu respuesta: 9 de 10.');
    const answered = await eventually(
      async () =>
        feedback.events.filter((e) => e.event.type === 'survey.answered' && e.event.data.survey_id === surveyId),
      (e) => e.length === 1,
    );
    expect(answered[0].key).toBe(customer('nps'));
    expect(answered[0].event).toMatchObject({
      id: `${surveyId}:answered:1`,
      subject: customer('nps'),
      data: {
        survey_id: surveyId,
        kind: 'nps',
        score: 9,
        command_id: command.command_id,
        flow_id: 'test-flow',
        flow_version: 3,
        step_id: 'step_1',
        journey_id: command.journey_id,
        order_id: command.order_id,
      },
    });
    expect(
      await db.dataSource.query(`SELECT 1 FROM survey_provisional_answers WHERE survey_id = $1`, [surveyId]),
    ).toEqual([]);

    // Changed their mind: the same answer is updated, not a second one.
    expect((await post(links.get(6)!, { score: '6' })).status).toBe(200);
    // The same answer again changes nothing and emits nothing; neither does a later GET.
    expect((await post(links.get(6)!, { score: '6' })).status).toBe(200);
    expect((await fetch(links.get(2)!)).status).toBe(200);
    const comment = await post(links.get(6)!.replace(/\?score=6$/, ''), {
      comment: 'La entrega tardó, pero la lámpara es preciosa',
    });
    expect(comment.status).toBe(200);
    expect(await comment.text()).toContain('hemos recibido tu comentario');

    const rows = await db.dataSource.query(`SELECT score, comment, revision FROM survey_answers WHERE survey_id = $1`, [
      surveyId,
    ]);
    expect(rows).toEqual([{ score: 6, comment: 'La entrega tardó, pero la lámpara es preciosa', revision: 3 }]);
    const all = await eventually(
      async () => feedback.of('survey.answered', (e) => e.data.survey_id === surveyId),
      (e) => e.length === 3,
    );
    expect(all.map((e) => [e.data.score, e.data.comment ?? null])).toEqual([
      [9, null],
      [6, null],
      [6, 'La entrega tardó, pero la lámpara es preciosa'],
    ]);
  });

  it('refuses survey links with a score off the scale, altered, or expired', async () => {
    const link = {
      kind: 'survey' as const,
      customerId: customer('x'),
      commandId: `cmd_${run}_x`,
      surveyId: `srv_${run}_x`,
      surveyKind: 'csat' as const,
      locale: 'en',
    };
    const valid = signLink({ ...link, expiresAt: new Date(Date.now() + 60_000) }, TEST_LINK_SECRET);
    expect((await fetch(`${gateway.url}/s/${valid}?score=6`)).status).toBe(400);
    expect((await fetch(`${gateway.url}/s/${valid}?score=abc`)).status).toBe(400);
    expect((await fetch(`${gateway.url}/s/${valid}`)).status).toBe(400);
    expect((await fetch(tampered(`${gateway.url}/s/${valid}?score=3`))).status).toBe(400);
    const expired = signLink({ ...link, expiresAt: new Date(Date.now() - 1000) }, TEST_LINK_SECRET);
    const gone = await fetch(`${gateway.url}/s/${expired}?score=3`, { headers: { 'accept-language': 'pt-BR' } });
    expect(gone.status).toBe(410);
    expect(await gone.text()).toContain('Este link expirou');
    expect(await db.dataSource.query(`SELECT 1 FROM survey_answers WHERE survey_id = $1`, [link.surveyId])).toEqual([]);
  });

  it('unsubscribes in one click (RFC 8058), then sends no more marketing email, while transactional email still goes', async () => {
    const first = emailCommand(`cmd_${run}_unsub1`, customer('unsub'));
    const mail = await mailFor('unsub', first, 'pt-BR');
    const url = /^<(.+)>$/.exec(mail.headers['list-unsubscribe'] ?? '')?.[1];
    expect(url).toMatch(new RegExp(`^${gateway.url.replace(/\./g, '\\.')}/u/`));

    // Opening the link only shows the page, in the customer's language.
    const confirm = await fetch(url!);
    expect(confirm.status).toBe(200);
    const confirmHtml = await confirm.text();
    expect(confirmHtml).toContain('<html lang="pt">');
    expect(confirmHtml).toContain('Cancelar a inscrição?');
    expect(await db.dataSource.query(`SELECT 1 FROM suppressions WHERE subject = $1`, [customer('unsub')])).toEqual([]);

    // Forged or altered tokens are refused and change nothing.
    expect(
      (
        await fetch(tampered(url!), {
          method: 'POST',
          body: 'List-Unsubscribe=One-Click',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await fetch(rewritten(url!, { c: customer('someone-else') }), {
          method: 'POST',
          body: 'List-Unsubscribe=One-Click',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        })
      ).status,
    ).toBe(400);
    const otherKey = signLink(
      { kind: 'unsubscribe', customerId: customer('unsub'), commandId: 'x', category: 'marketing' },
      'another-secret-that-is-32-characters-long',
    );
    expect((await fetch(`${gateway.url}/u/${otherKey}`, { method: 'POST' })).status).toBe(400);
    expect((await fetch(`${gateway.url}/u/not-a-token`, { method: 'POST' })).status).toBe(400);
    expect(await db.dataSource.query(`SELECT 1 FROM suppressions`)).toEqual([]);

    // The mail client's one-click POST: no cookie, no login.
    const done = await fetch(url!, {
      method: 'POST',
      body: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Inscrição cancelada');
    expect(
      await db.dataSource.query(`SELECT kind, category, customer_id FROM suppressions WHERE subject = $1`, [
        customer('unsub'),
      ]),
    ).toEqual([{ kind: 'customer', category: 'marketing', customer_id: customer('unsub') }]);
    const event = await eventually(
      async () =>
        feedback.events.filter((e) => e.event.type === 'customer.unsubscribed' && e.key === customer('unsub')),
      (e) => e.length === 1,
    );
    expect(event[0].event.data).toMatchObject({
      category: 'marketing',
      command_id: first.command_id,
      reason: 'one_click',
    });
    // Twice is the same as once.
    expect(
      (
        await fetch(url!, {
          method: 'POST',
          body: 'List-Unsubscribe=One-Click',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        })
      ).status,
    ).toBe(200);

    const marketing = emailCommand(`cmd_${run}_unsub2`, customer('unsub'));
    const survey = surveyCommand(`cmd_${run}_unsub3`, customer('unsub'));
    const transactional = emailCommand(`cmd_${run}_unsub4`, customer('unsub'), { category: 'transactional' });
    await publishCommands(producer, topics.TOPIC_COMMANDS, [marketing, survey, transactional]);
    expect(await capture.waitFor(address('unsub'), 2)).toHaveLength(2);
    expect(
      await eventually(
        () => deliveryStatus(marketing.command_id),
        (s) => s === 'suppressed',
      ),
    ).toBe('suppressed');
    expect(
      await eventually(
        () => deliveryStatus(survey.command_id),
        (s) => s === 'suppressed',
      ),
    ).toBe('suppressed');
    expect(await deliveryStatus(transactional.command_id)).toBe('sent');
    const mails = await capture.messages(address('unsub'));
    expect(mails.map((m) => m.headers['x-postventa-command-id'])).toEqual([first.command_id, transactional.command_id]);
    expect(
      feedback.events.filter((e) => e.event.type === 'customer.unsubscribed' && e.key === customer('unsub')),
    ).toHaveLength(1);
  });

  it('redirects a click to the URL in the email and emits email.clicked; no other URL can be reached', async () => {
    const command = emailCommand(`cmd_${run}_click`, customer('click'));
    const mail = await mailFor('click', command, 'en');
    const clicks = [...(mail.html ?? '').matchAll(/href="([^"]+\/c\/[^"]+)"/g)].map((m) => m[1]);
    expect(clicks.length).toBeGreaterThanOrEqual(2);

    const response = await fetch(clicks[0], { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('https://shop.example/review/LM-1');
    const clicked = await eventually(
      async () => feedback.of('email.clicked', (e) => e.data.command_id === command.command_id),
      (e) => e.length === 1,
    );
    expect(clicked[0]).toMatchObject({
      subject: customer('click'),
      data: {
        url: 'https://shop.example/review/LM-1',
        link_id: 'link_0',
        flow_id: 'test-flow',
        template: 'review-request',
      },
    });

    for (const bad of [
      rewritten(clicks[0], { u: 'https://evil.example/phish' }),
      tampered(clicks[0]),
      `${gateway.url}/c/${signLink({ kind: 'click', customerId: customer('click'), commandId: 'x', url: 'https://evil.example/' }, 'another-secret-that-is-32-characters-long')}`,
      `${gateway.url}/c/${new URL(mail.headers['list-unsubscribe']!.slice(1, -1)).pathname.split('/')[2]}`,
    ]) {
      const refused = await fetch(bad, { redirect: 'manual' });
      expect(refused.status).toBe(400);
      expect(refused.headers.get('location')).toBeNull();
    }
    expect(feedback.of('email.clicked', (e) => e.data.command_id === command.command_id)).toHaveLength(1);
  });

  it('answers the open pixel with a GIF and emits email.opened; a tampered pixel gets a 4xx', async () => {
    const command = emailCommand(`cmd_${run}_open`, customer('open'));
    const mail = await mailFor('open', command, 'en');
    const pixel = /<img src="([^"]+\/o\/[^"]+\.gif)"/.exec(mail.html ?? '')?.[1];
    expect(pixel).toBeDefined();
    const response = await fetch(pixel!, { headers: { 'user-agent': 'TestMail/1.0' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/gif');
    expect(
      Buffer.from(await response.arrayBuffer())
        .subarray(0, 6)
        .toString(),
    ).toBe('GIF89a');
    const opened = await eventually(
      async () => feedback.of('email.opened', (e) => e.data.command_id === command.command_id),
      (e) => e.length === 1,
    );
    expect(opened[0].data).toMatchObject({
      delivery_id: command.command_id,
      user_agent: 'TestMail/1.0',
      journey_id: command.journey_id,
    });
    expect((await fetch(tampered(pixel!))).status).toBe(400);
  });
});

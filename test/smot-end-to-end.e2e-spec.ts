import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleEvent } from '@postventa/contracts';
import { freePort } from '@postventa/dev-services';
import { RunningApp } from '@postventa/platform';
import { dispatcherApp } from '../apps/dispatcher/src/dispatcher.module';
import { engineApp } from '../apps/engine/src/engine.module';
import { gatewayApp } from '../apps/gateway/src/gateway.module';
import { SmtpCaptureClient } from './support/smtp-capture.client';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { eventually, isolatedTopics, startTestApp } from './support/test-apps';
import { WebhookReceiver } from './support/webhook-receiver';

const API_KEY = 'smot-key-0123456789abcdef';
const WEBHOOK_SECRET = 'smot-webhook-secret-0123456789';

/**
 * The whole product on real services: a platform posts order events to the gateway, the engine
 * runs the shipped SMOT flow (with second-long waits instead of days), the dispatcher emails the
 * customer, the customer clicks "3" in the NPS email, and the flow takes the detractor branch:
 * an apology email to the customer and an alert to a support lead, by email and signed webhook.
 */
describe('SMOT journey through gateway, engine and dispatcher', () => {
  const capture = new SmtpCaptureClient();
  const run = capture.available ? it : it.skip;
  const apps: RunningApp[] = [];
  const webhook = new WebhookReceiver();
  let db: TestDatabase;
  let gatewayUrl: string;
  const customer = `cus_smot_${randomUUID().slice(0, 8)}`;
  const email = `${customer}@example.com`;
  const lead = `lead-${customer}@support.example.com`;

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    await webhook.start();
    const dir = mkdtempSync(join(tmpdir(), 'postventa-smot-'));
    const teamsDir = mkdtempSync(join(tmpdir(), 'postventa-smot-teams-'));
    const flow = readFileSync(join(__dirname, '..', 'flows', 'smot-onboarding.yaml'), 'utf8')
      .replace(/\npolicies:[\s\S]*?\n(?=steps:)/, '\n')
      .replace('duration: P3D', 'duration: PT1S')
      .replace(/timeout: P\d+D/g, 'timeout: PT2M');
    writeFileSync(join(dir, 'smot-onboarding.yaml'), flow);
    writeFileSync(
      join(teamsDir, 'teams.yaml'),
      `teams:\n  - name: care\n    language: es\n    members:\n      - { name: Lead, email: ${lead} }\n    escalation: { name: Chief, email: chief-${customer}@support.example.com }\n    webhook_url: ${webhook.url}/hooks/care\n    sla: PT1H\n    default: true\n`,
    );
    const gatewayPort = await freePort();
    gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
    const env = {
      ...isolatedTopics(),
      DATABASE_URL: db.url,
      FLOWS_DIR: dir,
      TEAMS_FILE: join(teamsDir, 'teams.yaml'),
      ALERT_WEBHOOK_SECRET: WEBHOOK_SECRET,
      INGEST_API_KEYS: API_KEY,
      PUBLIC_BASE_URL: gatewayUrl,
      SCHEDULER_INTERVAL_MS: '200',
      OUTBOX_INTERVAL_MS: '200',
      ALERT_POLL_INTERVAL_MS: '200',
    };
    apps.push(await startTestApp(engineApp, env));
    apps.push(await startTestApp(dispatcherApp, env));
    apps.push(await startTestApp(gatewayApp, { ...env, GATEWAY_PORT: String(gatewayPort) }));
  });

  afterAll(async () => {
    if (process.env.DEBUG_SMOT)
      console.log(
        JSON.stringify(
          {
            d: await db.dataSource.query(
              "SELECT template, status, error_code, error_message, command->>'to' AS to FROM deliveries",
            ),
            j: await db.dataSource.query('SELECT status, state FROM journey_instances'),
            i: await db.dataSource.query('SELECT event_id, type, processed_at FROM inbox_events'),
          },
          null,
          1,
        ).slice(0, 8000),
      );
    for (const app of apps.reverse()) await app.app.close();
    await webhook.stop();
    await db?.drop();
  });

  const post = async (event: object) => {
    const response = await fetch(`${gatewayUrl}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(event),
    });
    expect(response.status).toBe(202);
  };
  /** A sample event with our ids and time, and without the sample customer (the profile has ours). */
  const event = (
    type: 'order.placed' | 'order.delivered' | 'product.first_used',
    id: string,
    time: string,
    data: Record<string, unknown>,
  ) => {
    const built = sampleEvent(type, { id, subject: customer, time });
    const { customer: _sample, ...rest } = built.data as Record<string, unknown>;
    return { ...built, data: { ...rest, ...data } };
  };
  const subjects = async (to: string) => (await capture.messages(to)).map((m) => m.subject ?? '');
  const waitForCount = (to: string, count: number) =>
    eventually(
      () => capture.messages(to),
      (m) => m.length >= count,
      60_000,
    );

  run('emails the customer at each step, records the NPS click, and raises a detractor alert once', async () => {
    const order = `ord_${customer}`;
    const now = Date.now();
    const at = (seconds: number) => new Date(now + seconds * 1000).toISOString();
    const profile = {
      email,
      name: 'Lucía Fernández',
      locale: 'es-ES',
      timezone: 'Europe/Madrid',
      consent: { marketing: true },
    };

    await post(event('order.placed', `evt_${customer}_1`, at(0), { order_id: order, customer: profile }));
    expect(await waitForCount(email, 2)).toHaveLength(2); // confirmation + what to expect

    await post(event('order.delivered', `evt_${customer}_2`, at(1), { order_id: order }));
    expect(await waitForCount(email, 3)).toHaveLength(3); // usage guide

    await post(event('product.first_used', `evt_${customer}_3`, at(2), { order_id: order }));
    const withSurvey = await waitForCount(email, 4); // the NPS survey, one second after first use
    const survey = withSurvey[3];
    expect(survey.headers['list-unsubscribe']).toMatch(/^<https?:\/\/.+>$/);
    const links = [...(survey.html ?? '').matchAll(/href="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));
    const three = links.find((l) => /\/s\/[^?]+\?score=3$/.test(l));
    expect(three).toBeDefined();
    expect(links.filter((l) => /\/s\//.test(l))).toHaveLength(11);

    // Opening the link shows the survey with "3" selected; the customer's submit (a POST to the
    // same URL) is what answers it.
    const page = await fetch(three!);
    expect(page.status).toBe(200);
    const answer = await fetch(three!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'score=3',
    });
    expect(answer.status).toBe(200);

    // the detractor branch: an apology to the customer, an alert to the support lead
    const all = await waitForCount(email, 5);
    const leadMail = await waitForCount(lead, 1);
    await eventually(
      async () => webhook.received.length,
      (n) => n >= 1,
      30_000,
    );
    await new Promise((r) => setTimeout(r, 2000)); // let anything duplicated show up

    expect(all).toHaveLength(5);
    expect(await capture.messages(email)).toHaveLength(5);
    expect(new Set((await subjects(email)).filter(Boolean)).size).toBe(5);
    expect(await capture.messages(lead)).toHaveLength(1);
    expect(leadMail[0].text).toContain(customer);

    expect(webhook.received).toHaveLength(1);
    const hook = webhook.received[0];
    const signature = String(hook.headers['x-postventa-signature']);
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]+)$/.exec(signature) ?? [];
    expect(v1).toBe(createHmac('sha256', WEBHOOK_SECRET).update(`${t}.${hook.raw}`).digest('hex'));
    expect(typeof hook.body.text).toBe('string');

    const alerts: Array<{ reason: string; state: string; owner: string }> = await db.dataSource.query(
      `SELECT reason, state, owner FROM alerts WHERE customer_id = $1`,
      [customer],
    );
    expect(alerts.map((a) => a.reason)).toContain('detractor');
    expect(alerts.filter((a) => a.reason === 'detractor')).toHaveLength(1);

    const [journey] = await db.dataSource.query(`SELECT status FROM journey_instances WHERE customer_id = $1`, [
      customer,
    ]);
    expect(journey.status).toBe('completed');
  });
});

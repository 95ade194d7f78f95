import { sampleCommand, sampleEvent } from '@postventa/contracts';
import { RunningApp } from '@postventa/platform';
import { Producer } from 'kafkajs';
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlertsService } from '../apps/dispatcher/src/alerts/alerts.service';
import { alertsTestApp } from './support/alerts-test-app';
import { testKafka } from './support/kafka';
import { SmtpCaptureClient } from './support/smtp-capture.client';
import { eventually, isolatedTopics, startTestApp } from './support/test-apps';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { ReceivedWebhook, WebhookReceiver } from './support/webhook-receiver';

const run = randomUUID().slice(0, 8);
const ADMIN_KEY = `admin-key-${run}-0123456789`;
const WEBHOOK_SECRET = `whsec-${run}-0123456789`;
const person = (name: string) => ({
  name: `${name} ${run}`,
  email: `${name.toLowerCase().replace(/\s+/g, '.')}.${run}@support.test`,
});
const leadA = person('Lead A');
const leadB = person('Lead B');
const boss = person('Boss');
const onboarder = person('Onboarder');
const fast = person('Fast Lead');
const chief = person('Chief');
const flaky = person('Flaky Lead');

interface AlertRow {
  id: string;
  customer_id: string;
  reason: string;
  state: string;
  resolution: string | null;
  severity: string;
  team: string;
  owner: string;
  signal_count: number;
  escalated_at: Date | null;
  reasons: Array<{ code: string; detail?: string }>;
  timeline: Array<{ at: string; kind: string; summary: string }>;
}

/** Verifies `t=<unix>,v1=<hex>` over "<t>.<body>" with node:crypto, as a receiver would. */
function verifySignature(hook: ReceivedWebhook, secret: string): boolean {
  const header = String(hook.headers['x-postventa-signature'] ?? '');
  const parts = new Map(header.split(',').map((part) => part.split('=', 2) as [string, string]));
  const t = parts.get('t');
  const v1 = parts.get('v1');
  if (!t || !v1) return false;
  if (Math.abs(Date.now() / 1000 - Number(t)) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${hook.raw}`).digest();
  const given = Buffer.from(v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

describe('at-risk alerts (real Kafka, PostgreSQL, SMTP capture, webhook receiver)', () => {
  const topics = isolatedTopics();
  const capture = new SmtpCaptureClient();
  const receiver = new WebhookReceiver();
  let db: TestDatabase;
  let app: RunningApp;
  let producer: Producer;
  let alertsService: AlertsService;

  const query = <T>(sql: string, params: unknown[] = []): Promise<T[]> => db.dataSource.query(sql, params);
  const alertsOf = (customerId: string) =>
    query<AlertRow>(`SELECT * FROM alerts WHERE customer_id = $1 ORDER BY raised_at`, [customerId]);
  const outboxTypes = async (customerId: string) =>
    (
      await query<{ type: string }>(
        `SELECT payload->>'type' AS type FROM outbox WHERE key = $1 AND topic = 'activity' ORDER BY id`,
        [customerId],
      )
    ).map((r) => r.type);
  const api = (path: string, init: RequestInit & { auth?: boolean } = {}) =>
    fetch(`${app.url}${path}`, {
      ...init,
      headers: {
        ...(init.auth === false ? {} : { authorization: `Bearer ${ADMIN_KEY}` }),
        'content-type': 'application/json',
        ...(init.headers ?? {}),
      },
    });
  const send = async (topic: string, event: { subject: string }) => {
    await producer.send({ topic, acks: -1, messages: [{ key: event.subject, value: JSON.stringify(event) }] });
  };
  const command = (customerId: string, overrides: Partial<Parameters<typeof sampleCommand<'alert.raise'>>[1]> = {}) =>
    sampleCommand('alert.raise', {
      command_id: `cmd_${randomUUID()}`,
      customer_id: customerId,
      issued_at: new Date().toISOString(),
      route: undefined,
      ...overrides,
    });

  beforeAll(async () => {
    db = await createTestDatabase();
    await receiver.start();
    const dir = mkdtempSync(join(tmpdir(), 'postventa-alerts-'));
    const teamsFile = join(dir, 'teams.yaml');
    const riskFile = join(dir, 'risk.yaml');
    const member = (p: { name: string; email: string }) => `{ name: "${p.name}", email: "${p.email}" }`;
    writeFileSync(
      teamsFile,
      `teams:
  - name: care
    language: en
    members: [${member(leadA)}, ${member(leadB)}]
    webhook_url: ${receiver.url}/care
    escalation: ${member(boss)}
    routes: { reasons: [detractor, low_csat] }
    default: true
  - name: onboarding
    language: es
    members: [${member(onboarder)}]
    webhook_url: ${receiver.url}/onboarding
    routes: { reasons: [no_first_use] }
  - name: fast
    members: [${member(fast)}]
    webhook_url: ${receiver.url}/fast
    escalation: ${member(chief)}
    sla: PT2S
    routes: { reasons: [sla_test] }
  - name: flaky
    members: [${member(flaky)}]
    webhook_url: ${receiver.url}/flaky
    routes: { reasons: [flaky_test] }
`,
    );
    // A short silence window so "no first use" is observable within the test.
    writeFileSync(riskFile, 'reasons:\n  no_first_use:\n    after: PT2S\n    window: PT1H\n');
    app = await startTestApp(alertsTestApp, {
      ...topics,
      DATABASE_URL: db.url,
      TEAMS_FILE: teamsFile,
      RISK_MODEL_FILE: riskFile,
      ADMIN_API_KEYS: ADMIN_KEY,
      ALERT_WEBHOOK_SECRET: WEBHOOK_SECRET,
      ALERT_POLL_INTERVAL_MS: '200',
      ALERT_RETRY_INITIAL_MS: '300',
      ALERT_SLA: 'PT1H',
      INGEST_BATCH_SIZE: '100',
    });
    alertsService = app.app.get(AlertsService);
    producer = testKafka().producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await app?.app.close();
    await receiver.stop();
    await db?.drop();
  });

  describe('a detractor answer through the engine', () => {
    const customerId = `cus_det_${run}`;
    const survey = (n: number) =>
      sampleEvent('survey.answered', {
        id: `evt_nps_${run}_${n}`,
        subject: customerId,
        time: new Date().toISOString(),
        data: {
          kind: 'nps',
          score: 3,
          survey_id: `srv_${run}_${n}`,
          comment: 'The Q key does not work',
          customer: { email: `lucia.${run}@example.com`, name: 'Lucía Test' },
        },
      });
    let alert: AlertRow;

    it('raises one alert, assigned to a support lead, delivered by email and by a signed webhook', async () => {
      await send(topics.TOPIC_FEEDBACK, survey(1));
      const rows = await eventually(
        () => alertsOf(customerId),
        (found) => found.length > 0,
        30_000,
      );
      expect(rows).toHaveLength(1);
      alert = rows[0];
      expect(alert).toMatchObject({
        reason: 'detractor',
        state: 'open',
        severity: 'high',
        team: 'care',
        signal_count: 1,
      });
      expect([leadA.email, leadB.email]).toContain(alert.owner);
      expect(alert.reasons[0].detail).toContain('NPS answer of 3');
      expect(alert.timeline.map((entry) => entry.summary)).toContain('NPS answered: 3 — "The Q key does not work"');

      const [email] = await capture.waitFor(alert.owner);
      expect(email.subject).toContain('At-risk customer: Lucía Test');
      expect(email.text).toContain('Acknowledge and take ownership');
      expect(email.headers['x-postventa-alert']).toBe(alert.id);

      const [hook] = await receiver.waitFor(
        (h) => h.path === '/care' && (h.body.alert as { id?: string })?.id === alert.id,
      );
      expect(hook).toBeDefined();
      expect(verifySignature(hook, WEBHOOK_SECRET)).toBe(true);
      expect(verifySignature(hook, 'not-the-secret-at-all')).toBe(false);
      expect(hook.headers['x-postventa-event']).toBe('alert.raised');
      expect(hook.body.text).toEqual(expect.stringContaining('[HIGH] At-risk customer: Lucía Test'));

      const sent = await eventually(
        () =>
          query<{ channel: string; status: string }>(
            `SELECT channel, status FROM alert_notifications WHERE alert_id = $1 ORDER BY channel`,
            [alert.id],
          ),
        (list) => list.every((n) => n.status === 'sent') && list.length === 2,
      );
      expect(sent).toEqual([
        { channel: 'email', status: 'sent' },
        { channel: 'webhook', status: 'sent' },
      ]);
      expect(await outboxTypes(customerId)).toEqual(expect.arrayContaining(['risk.changed', 'alert.raised']));
    });

    it('the same signal again updates the open alert instead of opening a second one', async () => {
      await send(topics.TOPIC_FEEDBACK, survey(2));
      const rows = await eventually(
        () => alertsOf(customerId),
        (found) => found[0]?.signal_count === 2,
        30_000,
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ id: alert.id, state: 'open', signal_count: 2 });
      // The same event id again is a Kafka duplicate: it changes nothing.
      await send(topics.TOPIC_FEEDBACK, survey(2));
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect((await alertsOf(customerId))[0].signal_count).toBe(2);
      expect(await capture.messages(alert.owner)).toHaveLength(1);
    });

    it('shows the score with its reasons', async () => {
      const response = await api(`/v1/customers/${customerId}/risk`);
      expect(response.status).toBe(200);
      const risk = (await response.json()) as {
        score: number;
        level: string;
        reasons: Array<{ code: string }>;
        open_alerts: Array<{ id: string }>;
      };
      expect(risk).toMatchObject({
        score: 50,
        level: 'high',
        reasons: [{ code: 'detractor' }],
        open_alerts: [{ id: alert.id }],
      });
    });
  });

  describe('an alert.raise command from a flow', () => {
    it('raises an alert round-robin, delivers it, and ignores the same command twice', async () => {
      const first = await alertsService.raiseFromCommand(command(`cus_cmd1_${run}`));
      const second = await alertsService.raiseFromCommand(command(`cus_cmd2_${run}`));
      expect(first.outcome).toBe('raised');
      expect(first.alert).toMatchObject({ reason: 'detractor', team: 'care', source: 'flow', severity: 'high' });
      expect(new Set([first.alert.owner, second.alert.owner])).toEqual(new Set([leadA.email, leadB.email]));

      const again = await alertsService.raiseFromCommand(
        command(`cus_cmd1_${run}`, { command_id: first.alert.commandId! }),
      );
      expect(again).toMatchObject({ outcome: 'duplicate', alert: { id: first.alert.id, signalCount: 1 } });
      const another = await alertsService.raiseFromCommand(command(`cus_cmd1_${run}`, { severity: 'critical' }));
      expect(another).toMatchObject({
        outcome: 'updated',
        alert: { id: first.alert.id, signalCount: 2, severity: 'critical' },
      });

      const emails = await capture.waitFor(first.alert.owner!, 1);
      expect(emails.some((m) => m.headers['x-postventa-alert'] === first.alert.id)).toBe(true);
      const [hook] = await receiver.waitFor((h) => (h.body.alert as { id?: string })?.id === first.alert.id);
      expect(verifySignature(hook, WEBHOOK_SECRET)).toBe(true);
      expect(await query(`SELECT id FROM alerts WHERE customer_id = $1`, [`cus_cmd1_${run}`])).toHaveLength(1);
    });

    it('assigns concurrent alerts round-robin without giving two the same turn', async () => {
      const raised = await Promise.all(
        Array.from({ length: 10 }, (_, i) => alertsService.raiseFromCommand(command(`cus_rr${i}_${run}`))),
      );
      const owners = raised.map((r) => r.alert.owner);
      expect(owners.filter((owner) => owner === leadA.email)).toHaveLength(5);
      expect(owners.filter((owner) => owner === leadB.email)).toHaveLength(5);
    });

    it('retries a failing webhook with backoff and records the outcome', async () => {
      receiver.failNext('/flaky', 2);
      const { alert } = await alertsService.raiseFromCommand(
        command(`cus_flaky_${run}`, { reason: 'flaky_test', severity: 'low' }),
      );
      const [row] = await eventually(
        () =>
          query<{ status: string; attempts: number; http_status: number; last_error: string | null }>(
            `SELECT status, attempts, http_status, last_error FROM alert_notifications WHERE alert_id = $1 AND channel = 'webhook'`,
            [alert.id],
          ),
        (rows) => rows[0]?.status === 'sent',
        20_000,
      );
      expect(row).toEqual({ status: 'sent', attempts: 3, http_status: 200, last_error: null });
      expect(receiver.received.filter((h) => h.path === '/flaky').map((h) => h.status)).toEqual([500, 500, 200]);
    });
  });

  it('escapes outside text in the Slack-style webhook text: a customer name cannot make a link or a broadcast', async () => {
    const customerId = `cus_slack_${run}`;
    const hostile = '<https://evil.test/phish|Acknowledge> <!channel>';
    await send(
      topics.TOPIC_FEEDBACK,
      sampleEvent('survey.answered', {
        id: `evt_slack_${run}`,
        subject: customerId,
        time: new Date().toISOString(),
        data: {
          kind: 'nps',
          score: 1,
          survey_id: `srv_slack_${run}`,
          customer: { email: `slack.${run}@example.com`, name: hostile },
        },
      }),
    );
    const [alert] = await eventually(
      () => alertsOf(customerId),
      (rows) => rows.length > 0,
      30_000,
    );
    const [hook] = await receiver.waitFor(
      (h) => h.path === '/care' && (h.body.alert as { id?: string })?.id === alert.id,
    );
    const text = String(hook.body.text);
    expect(text).toContain('&lt;https://evil.test/phish|Acknowledge&gt; &lt;!channel&gt;');
    expect(text).not.toContain('<https://evil.test');
    expect(text).not.toContain('<!channel>');
    // The only markup left is our own acknowledge link, with its `&` escaped as Slack asks.
    expect(text.match(/</g)).toHaveLength(1);
    expect(text).toMatch(
      /<https?:\/\/[^|>]+\/alerts\/[^|>]+\/acknowledge\?as=[^|>]+&amp;token=[^|>]+\|Acknowledge and take ownership>/,
    );
    // Machines still get the name as it is.
    expect((hook.body.alert as { customer_name?: string }).customer_name).toBe(hostile);
  });

  it('no first use after delivery raises a silence alert that the first use auto-resolves', async () => {
    const customerId = `cus_sil_${run}`;
    const orderId = `ord_sil_${run}`;
    await send(
      topics.TOPIC_COMMERCE,
      sampleEvent('order.delivered', {
        id: `evt_dlv_${run}`,
        subject: customerId,
        time: new Date().toISOString(),
        data: { order_id: orderId, customer: { email: `silent.${run}@example.com`, name: 'Silent Sam', locale: 'es' } },
      }),
    );
    const [alert] = await eventually(
      () => alertsOf(customerId),
      (rows) => rows.length > 0,
      30_000,
    );
    expect(alert).toMatchObject({ reason: 'no_first_use', state: 'open', team: 'onboarding', owner: onboarder.email });
    expect(alert.reasons[0].detail).toContain(`No first use of order ${orderId}`);
    const [email] = await capture.waitFor(onboarder.email);
    expect(email.subject).toContain('Cliente en riesgo: Silent Sam');

    await send(
      topics.TOPIC_USAGE,
      sampleEvent('product.first_used', {
        id: `evt_use_${run}`,
        subject: customerId,
        time: new Date().toISOString(),
        data: { order_id: orderId },
      }),
    );
    const [resolved] = await eventually(
      () => alertsOf(customerId),
      (rows) => rows[0]?.state === 'resolved',
      30_000,
    );
    expect(resolved).toMatchObject({ id: alert.id, state: 'resolved', resolution: 'auto' });
    const history = await query<{ type: string; actor: string }>(
      `SELECT type, actor FROM alert_events WHERE alert_id = $1 ORDER BY id`,
      [alert.id],
    );
    expect(history).toEqual([
      { type: 'raised', actor: 'risk' },
      { type: 'auto_resolved', actor: 'system' },
    ]);
    const [event] = await query<{ payload: { data: { automatic: boolean } } }>(
      `SELECT payload FROM outbox WHERE key = $1 AND payload->>'type' = 'alert.resolved'`,
      [customerId],
    );
    expect(event.payload.data.automatic).toBe(true);
  });

  it('escalates an alert left unacknowledged past its SLA, once', async () => {
    const customerId = `cus_sla_${run}`;
    const { alert } = await alertsService.raiseFromCommand(
      command(customerId, { reason: 'sla_test', severity: 'medium' }),
    );
    expect(alert.team).toBe('fast');
    const [escalated] = await eventually(
      () => alertsOf(customerId),
      (rows) => rows[0]?.escalated_at !== null,
      20_000,
    );
    expect(escalated).toMatchObject({ state: 'open', severity: 'high' });
    const [email] = await capture.waitFor(chief.email);
    expect(email.subject).toContain('[ESCALATED]');
    const [hook] = await receiver.waitFor((h) => h.path === '/fast' && h.body.type === 'alert.escalated');
    expect(verifySignature(hook, WEBHOOK_SECRET)).toBe(true);

    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(await capture.messages(chief.email)).toHaveLength(1);
    expect(
      await query(`SELECT id FROM alert_events WHERE alert_id = $1 AND type = 'escalated'`, [alert.id]),
    ).toHaveLength(1);
    expect((await outboxTypes(customerId)).filter((type) => type === 'alert.escalated')).toHaveLength(1);
  });

  describe('admin API', () => {
    const customerId = `cus_api_${run}`;
    let alertId: string;

    beforeAll(async () => {
      alertId = (await alertsService.raiseFromCommand(command(customerId, { note: 'NPS 3 after delivery' }))).alert.id;
    });

    it('needs an admin key', async () => {
      const response = await api('/v1/alerts', { auth: false });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: { code: 'ADMIN_UNAUTHORIZED' } });
      expect((await api('/v1/alerts', { headers: { authorization: 'Bearer wrong-key-0123456789' } })).status).toBe(401);
    });

    it('lists and filters alerts, and answers 400 / 404 clearly', async () => {
      const list = (await (
        await api(`/v1/alerts?customer=${customerId}&state=open&team=care&severity=high&reason=detractor`)
      ).json()) as { alerts: Array<{ id: string }> };
      expect(list.alerts.map((a) => a.id)).toEqual([alertId]);
      const none = (await (await api(`/v1/alerts?customer=${customerId}&state=resolved`)).json()) as {
        alerts: unknown[];
      };
      expect(none.alerts).toEqual([]);
      const bad = await api('/v1/alerts?state=closed');
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ error: { code: 'ALERT_INVALID_REQUEST', path: 'state' } });
      const missing = await api('/v1/alerts/al_nope');
      expect(missing.status).toBe(404);
      expect(await missing.json()).toMatchObject({ error: { code: 'ALERT_NOT_FOUND' } });
      const noActor = await api(`/v1/alerts/${alertId}/acknowledge`, { method: 'POST', body: JSON.stringify({}) });
      expect(noActor.status).toBe(400);
      expect(await noActor.json()).toMatchObject({
        error: { code: 'ALERT_INVALID_REQUEST', path: 'actor', message: 'body.actor: is required' },
      });
      expect((await api(`/v1/alerts/${alertId}/resolve`, { method: 'POST', body: '{not json' })).status).toBe(400);
    });

    it('acknowledge, assign and resolve change the state, the history, the timeline and emit activity', async () => {
      const ack = await api(`/v1/alerts/${alertId}/acknowledge`, {
        method: 'POST',
        body: JSON.stringify({ actor: leadB.email }),
      });
      expect(ack.status).toBe(200);
      expect(await ack.json()).toMatchObject({
        state: 'acknowledged',
        owner: leadB.email,
        acknowledged_by: leadB.email,
      });
      const twice = await api(`/v1/alerts/${alertId}/acknowledge`, {
        method: 'POST',
        body: JSON.stringify({ actor: leadA.email }),
      });
      expect(twice.status).toBe(409);

      const assign = await api(`/v1/alerts/${alertId}/assign`, {
        method: 'POST',
        body: JSON.stringify({ owner: leadA.name, actor: leadB.email }),
      });
      expect(assign.status).toBe(200);
      expect(await assign.json()).toMatchObject({ state: 'acknowledged', owner: leadA.email });

      const resolve = await api(`/v1/alerts/${alertId}/resolve`, {
        method: 'POST',
        body: JSON.stringify({ actor: leadA.email, note: 'Called her; replacement sent' }),
      });
      expect(resolve.status).toBe(200);
      expect(await resolve.json()).toMatchObject({
        state: 'resolved',
        resolution: 'manual',
        resolution_note: 'Called her; replacement sent',
      });

      const again = await api(`/v1/alerts/${alertId}/resolve`, {
        method: 'POST',
        body: JSON.stringify({ actor: leadA.email }),
      });
      expect(again.status).toBe(409);
      expect(await again.json()).toEqual({
        error: {
          code: 'ALERT_INVALID_TRANSITION',
          message: `Alert ${alertId} is already resolved; it cannot be resolved again`,
          state: 'resolved',
          action: 'resolve',
          correlationId: again.headers.get('x-request-id'),
        },
      });

      const detail = (await (await api(`/v1/alerts/${alertId}`)).json()) as {
        history: Array<{ type: string; actor: string; note: string | null }>;
      };
      expect(detail.history.map((h) => [h.type, h.actor])).toEqual([
        ['raised', 'flow:post-purchase/alert-detractor'],
        ['acknowledged', leadB.email],
        ['assigned', leadB.email],
        ['resolved', leadA.email],
      ]);

      const timeline = (await (await api(`/v1/customers/${customerId}/timeline`)).json()) as {
        items: Array<{ type: string; kind: string }>;
      };
      expect(timeline.items.filter((item) => item.kind === 'alert').map((item) => item.type)).toEqual([
        'alert.resolved',
        'alert.assigned',
        'alert.acknowledged',
        'alert.raised',
      ]);
      expect(await outboxTypes(customerId)).toEqual([
        'alert.raised',
        'alert.acknowledged',
        'alert.assigned',
        'alert.resolved',
      ]);
      const [activity] = await query<{
        payload: { id: string; source: string; specversion: string; data: { owner: string } };
      }>(`SELECT payload FROM outbox WHERE key = $1 AND payload->>'type' = 'alert.acknowledged'`, [customerId]);
      expect(activity.payload).toMatchObject({ specversion: '1.0', source: 'postventa', data: { owner: leadB.email } });
      expect(activity.payload.id).toMatch(new RegExp(`^${alertId}\\.acknowledged\\.\\d+$`));
    });

    it('timelines of unknown customers are 404', async () => {
      const response = await api(`/v1/customers/cus_nobody_${run}/timeline`);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ error: { code: 'CUSTOMER_NOT_FOUND' } });
    });

    it('the signed link in the webhook acknowledges the alert', async () => {
      const { alert } = await alertsService.raiseFromCommand(command(`cus_link_${run}`));
      const [hook] = await receiver.waitFor((h) => (h.body.alert as { id?: string })?.id === alert.id);
      const link = new URL((hook.body.alert as { links: { acknowledge: string } }).links.acknowledge);
      const local = `${app.url}${link.pathname}${link.search}`;
      const page = await fetch(local);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Acknowledge');
      expect((await alertsOf(`cus_link_${run}`))[0].state).toBe('open');
      const forged = await fetch(local.replace(/token=[^&]+/, 'token=forged'), { method: 'POST' });
      expect(forged.status).toBe(403);
      const done = await fetch(local, { method: 'POST' });
      expect(done.status).toBe(200);
      expect((await alertsOf(`cus_link_${run}`))[0]).toMatchObject({ state: 'acknowledged', owner: alert.owner });
    });
  });
});

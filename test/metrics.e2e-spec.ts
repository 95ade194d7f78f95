import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleEvent } from '@postventa/contracts';
import { freePort } from '@postventa/dev-services';
import { RunningApp } from '@postventa/platform';
import { dispatcherApp } from '../apps/dispatcher/src/dispatcher.module';
import { engineApp } from '../apps/engine/src/engine.module';
import { ChildApp } from './support/child-app';
import { SmtpCaptureClient } from './support/smtp-capture.client';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { eventually, isolatedTopics, startTestApp } from './support/test-apps';

const API_KEY = 'metrics-key-0123456789abcdef';

/** A flow that touches every metered part: an email, an alert for support, and a day-long timer. */
const FLOW = `
id: metrics-probe
name: Metrics probe
trigger:
  event: order.placed
  condition: has(event.data.order_id)
entry:
  key: order
  reentry: once
steps:
  - id: confirm
    type: email
    template: order-confirmation
    category: transactional
    moment: fmot
  - id: tell-support
    type: alert
    severity: high
    reason: refund_requested
    note: A probe alert.
    moment: fmot
  - id: wait-a-day
    type: wait
    duration: P1D
`;

type Labels = Record<string, string>;

/** The sum of the samples of `name` whose labels include `labels`; undefined when there is none. */
function sample(text: string, name: string, labels: Labels = {}): number | undefined {
  let total: number | undefined;
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const own: Labels = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      own[key] = value;
    if (Object.entries(labels).every(([key, value]) => own[key] === value)) total = (total ?? 0) + Number(match[3]);
  }
  return total;
}

async function scrape(url: string): Promise<string> {
  const response = await fetch(`${url}/metrics`);
  expect(response.status).toBe(200);
  return response.text();
}

/**
 * Operations on real services: the engine and dispatcher in this process, the gateway as its own
 * process (so its stdout, the request log, can be read). Events flow from the gateway to the
 * engine, the engine's outbox to the dispatcher, the dispatcher to SMTP and the alerts table; each
 * app's /metrics shows it, every request has an id, and that id is in error bodies and the log.
 */
describe('metrics and request logs', () => {
  const capture = new SmtpCaptureClient();
  const run = capture.available ? it : it.skip;
  const apps: RunningApp[] = [];
  let gateway: ChildApp | undefined;
  let db: TestDatabase;
  const topics = isolatedTopics();
  const runId = randomUUID().slice(0, 8);

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    const flows = mkdtempSync(join(tmpdir(), 'postventa-metrics-flows-'));
    writeFileSync(join(flows, 'metrics-probe.yaml'), FLOW);
    const teams = join(mkdtempSync(join(tmpdir(), 'postventa-metrics-teams-')), 'teams.yaml');
    writeFileSync(
      teams,
      `teams:\n  - name: care\n    language: en\n    members:\n      - { name: Lead, email: lead-${runId}@support.example.com }\n    sla: PT1H\n    default: true\n`,
    );
    const gatewayPort = await freePort();
    const env = {
      ...topics,
      DATABASE_URL: db.url,
      FLOWS_DIR: flows,
      TEAMS_FILE: teams,
      INGEST_API_KEYS: API_KEY,
      PUBLIC_BASE_URL: `http://127.0.0.1:${gatewayPort}`,
      SCHEDULER_INTERVAL_MS: '200',
      OUTBOX_INTERVAL_MS: '200',
      ALERT_POLL_INTERVAL_MS: '200',
    };
    apps.push(await startTestApp(engineApp, env));
    apps.push(await startTestApp(dispatcherApp, env));
    gateway = await ChildApp.start('gateway', {
      ...env,
      KAFKA_TOPIC_PARTITIONS: '3',
      GATEWAY_PORT: String(gatewayPort),
      HTTP_HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
    });
  }, 120_000);

  afterAll(async () => {
    if (gateway) {
      gateway.process.kill('SIGTERM');
      await new Promise((resolve) =>
        gateway!.process.exitCode !== null ? resolve(undefined) : gateway!.process.once('exit', resolve),
      );
    }
    for (const app of apps.reverse()) await app.app.close();
    await db?.drop();
  });

  const engineUrl = () => apps[0].url;
  const dispatcherUrl = () => apps[1].url;

  const postOrder = async (customer: string, index: number) => {
    const built = sampleEvent('order.placed', {
      id: `evt_${customer}_${index}`,
      subject: customer,
      time: new Date().toISOString(),
    });
    const { customer: _sample, ...rest } = built.data as Record<string, unknown>;
    const event = {
      ...built,
      data: {
        ...rest,
        order_id: `ord_${customer}_${index}`,
        customer: { email: `${customer}@example.com`, name: 'Ana', locale: 'en-US' },
      },
    };
    const response = await fetch(`${gateway!.url}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(event),
    });
    expect(response.status).toBe(202);
  };

  run(
    'each app exposes its metrics and they move when events flow',
    async () => {
      const engine0 = await scrape(engineUrl());
      const dispatcher0 = await scrape(dispatcherUrl());
      const gateway0 = await scrape(gateway!.url);

      const customers = [1, 2].map((n) => `cus_metrics_${runId}_${n}`);
      for (const [i, customer] of customers.entries()) await postOrder(customer, i);
      for (const customer of customers)
        await eventually(
          () => capture.messages(`${customer}@example.com`),
          (m) => m.length >= 1,
          60_000,
        );
      const alertsRaised = async () =>
        Number(
          (await db.dataSource.query(`SELECT count(*) AS n FROM alerts WHERE customer_id = ANY($1)`, [customers]))[0].n,
        );
      await eventually(alertsRaised, (n) => n >= customers.length, 60_000);

      const moved = (before: string, after: string, name: string, labels: Labels = {}) => {
        const a = sample(before, name, labels) ?? 0;
        const b = sample(after, name, labels);
        expect({ name, labels, present: b !== undefined }).toEqual({ name, labels, present: true });
        expect({ name, labels, moved: (b ?? 0) > a }).toEqual({ name, labels, moved: true });
      };
      const present = (text: string, name: string, labels: Labels = {}) =>
        expect({ name, labels, present: sample(text, name, labels) !== undefined }).toEqual({
          name,
          labels,
          present: true,
        });

      // engine: consumption per topic, lag, batch duration, outbox, timers
      const engine1 = await eventually(
        () => scrape(engineUrl()),
        (text) => (sample(text, 'postventa_timers_pending', { state: 'scheduled' }) ?? 0) >= customers.length,
        30_000,
      );
      moved(engine0, engine1, 'postventa_consumer_messages_total', { topic: topics.TOPIC_COMMERCE });
      moved(engine0, engine1, 'postventa_consumer_batch_seconds_count');
      moved(engine0, engine1, 'postventa_ingested_events_total', { outcome: 'accepted' });
      moved(engine0, engine1, 'postventa_outbox_published_total');
      moved(engine0, engine1, 'postventa_timers_pending', { state: 'scheduled' });
      present(engine1, 'postventa_consumer_lag');
      present(engine1, 'postventa_outbox_backlog', { measure: 'rows' });
      present(engine1, 'postventa_timers_pending', { state: 'due' });
      present(engine1, 'postventa_timers_pending', { state: 'overdue' });
      present(engine1, 'postventa_scheduler_lag_seconds');

      // dispatcher: commands consumed, emails by outcome, alerts by state
      const dispatcher1 = await eventually(
        () => scrape(dispatcherUrl()),
        (text) => (sample(text, 'postventa_alerts', { state: 'open' }) ?? 0) >= customers.length,
        30_000,
      );
      moved(dispatcher0, dispatcher1, 'postventa_consumer_messages_total', { topic: topics.TOPIC_COMMANDS });
      moved(dispatcher0, dispatcher1, 'postventa_consumer_batch_seconds_count');
      moved(dispatcher0, dispatcher1, 'postventa_emails_total', { outcome: 'sent' });
      moved(dispatcher0, dispatcher1, 'postventa_alerts', { state: 'open' });
      present(dispatcher1, 'postventa_consumer_lag');
      present(dispatcher1, 'postventa_deliveries_unknown');
      // every outcome has a series from the start, so a rate of failures is 0, not absent
      for (const category of ['transactional', 'marketing']) {
        expect(sample(dispatcher0, 'postventa_emails_total', { outcome: 'failed', category })).toBe(0);
        present(dispatcher1, 'postventa_emails_total', { outcome: 'bounced', category });
      }
      present(dispatcher1, 'postventa_emails_total', { outcome: 'unknown', category: 'any' });
      present(dispatcher1, 'postventa_alerts', { state: 'acknowledged' });
      present(dispatcher1, 'postventa_alerts', { state: 'resolved' });

      // gateway: HTTP requests by route pattern and status, with durations
      const gateway1 = await scrape(gateway!.url);
      moved(gateway0, gateway1, 'postventa_http_requests_total', {
        method: 'POST',
        route: '/v1/events',
        status: '202',
      });
      moved(gateway0, gateway1, 'postventa_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/v1/events',
        status: '202',
      });
      moved(gateway0, gateway1, 'postventa_http_ingested_events_total');
      // every app counts its own requests (the scrapes above)
      present(engine1, 'postventa_http_requests_total', { method: 'GET', route: '/metrics', status: '200' });
      present(dispatcher1, 'postventa_http_requests_total', { method: 'GET', route: '/metrics', status: '200' });
    },
    180_000,
  );

  it('gives every request an id, quotes it as the correlationId of errors, and logs it once with the route pattern', async () => {
    // a well-formed id from the caller is kept
    const given = `req-${runId}-0123456789`;
    const refused = await fetch(`${gateway!.url}/v1/events`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer not-a-key-0123456789',
        'content-type': 'application/json',
        'x-request-id': given,
      },
      body: '{}',
    });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
    expect(refused.headers.get('x-request-id')).toBe(given);
    const body = (await refused.json()) as { error: { code: string; correlationId: string } };
    expect(body.error.correlationId).toBe(given);

    // a malformed one is replaced, and the replacement is what the error body quotes
    const notFound = await fetch(`${engineUrl()}/no-such-route/${runId}`, {
      headers: { 'x-request-id': 'bad id "with quotes"' },
    });
    expect(notFound.status).toBe(404);
    const generated = notFound.headers.get('x-request-id');
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    expect(((await notFound.json()) as { error: { correlationId: string } }).error.correlationId).toBe(generated);

    // one JSON line for the request, with the route pattern and the id; never the key
    const line = await eventually(
      async () =>
        gateway!.logs
          .split('\n')
          .filter((l) => l.includes(given))
          .map((l) => JSON.parse(l) as Record<string, unknown>),
      (lines) => lines.some((l) => l.msg === 'request'),
      10_000,
    );
    const requestLines = line.filter((l) => l.msg === 'request');
    expect(requestLines).toHaveLength(1);
    expect(requestLines[0]).toMatchObject({
      requestId: given,
      method: 'POST',
      route: '/v1/events',
      status: refused.status,
      errorCode: body.error.code,
    });
    expect(typeof requestLines[0].durationMs).toBe('number');
    // only those fields: no URL, headers or body (links carry signed tokens)
    expect(
      Object.keys(requestLines[0]).filter((k) => ['req', 'res', 'url', 'headers', 'responseTime'].includes(k)),
    ).toEqual([]);
    expect(gateway!.logs).not.toContain('not-a-key-0123456789');
    expect(gateway!.logs).not.toContain(API_KEY);
  });
});

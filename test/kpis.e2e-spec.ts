import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleEvent } from '@postventa/contracts';
import { freePort } from '@postventa/dev-services';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { RunningApp } from '@postventa/platform';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import { dispatcherApp } from '../apps/dispatcher/src/dispatcher.module';
import { engineApp } from '../apps/engine/src/engine.module';
import { gatewayApp } from '../apps/gateway/src/gateway.module';
import { KpisModule } from '../apps/gateway/src/kpis/kpis.module';
import type { KpisResponse } from '../apps/gateway/src/kpis/kpis.schemas';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { eventually, isolatedTopics, startTestApp } from './support/test-apps';

const ADMIN_KEY = 'kpis-admin-key-0123456789abcdef';
const INGEST_KEY = 'kpis-ingest-key-0123456789abcdef';

const get = async (url: string, authorization = `Bearer ${ADMIN_KEY}`) =>
  fetch(url, { headers: authorization ? { authorization } : {} });
const kpis = async (base: string, query: string): Promise<KpisResponse> => {
  const response = await get(`${base}/v1/kpis?${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as KpisResponse;
};

/**
 * `GET /v1/kpis` on real PostgreSQL. A known event set (the rows the engine, dispatcher and
 * gateway write) in a past month gives numbers computed by hand below; a flow written here, with
 * its own template, runs through the real gateway, engine and dispatcher and its review requests
 * are counted because its step declares `moment: tmot`.
 */
describe('GET /v1/kpis: KPIs from what flows declare (real PostgreSQL)', () => {
  describe('a known event set', () => {
    let db: TestDatabase;
    let gateway: RunningApp;
    const WINDOW = 'from=2025-06-01&to=2025-07-01';

    beforeAll(async () => {
      db = await createTestDatabase();
      await seed(db);
      gateway = await startTestApp(gatewayApp, {
        ...isolatedTopics(),
        DATABASE_URL: db.url,
        ADMIN_API_KEYS: ADMIN_KEY,
      });
    });
    afterAll(async () => {
      await gateway?.app.close();
      await db?.drop();
    });

    it('wants an admin key and a readable query', async () => {
      expect((await get(`${gateway.url}/v1/kpis`, '')).status).toBe(401);
      expect((await get(`${gateway.url}/v1/kpis`, 'Bearer wrong-key')).status).toBe(401);
      for (const bad of ['bucket=month', 'from=yesterday', 'first_use_days=0', 'from=2025-07-01&to=2025-06-01']) {
        const response = await get(`${gateway.url}/v1/kpis?${bad}`);
        expect(response.status).toBe(400);
        const body = (await response.json()) as { error: { code: string } };
        expect(body.error.code).toBe('KPI_INVALID_QUERY');
      }
    });

    it('is documented for the API document: tag, admin key, query parameters, typed answer', async () => {
      interface Operation {
        tags: string[];
        security: unknown[];
        parameters: Array<{ name: string }>;
        responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
      }
      // The module's part of the gateway's document (/openapi.json), as the gateway builds it.
      const config = new DocumentBuilder().addBearerAuth({ type: 'http', scheme: 'bearer' }, 'admin').build();
      const doc = cleanupOpenApiDoc(SwaggerModule.createDocument(gateway.app, config, { include: [KpisModule] })) as {
        paths: Record<string, { get: Operation }>;
      };
      const operation = doc.paths['/v1/kpis'].get;
      expect(operation.tags).toEqual(['kpis']);
      expect(operation.security).toEqual([{ admin: [] }]);
      expect(operation.parameters.map((p) => p.name).sort()).toEqual(
        ['bucket', 'first_use_days', 'flow', 'from', 'outcome_days', 'to'].sort(),
      );
      expect(operation.responses['200'].content?.['application/json']?.schema).toBeDefined();
    });

    it('funnels per flow and step, from the steps the flow declares', async () => {
      const k = await kpis(gateway.url, WINDOW);
      expect(k.period).toEqual({
        from: '2025-06-01T00:00:00.000Z',
        to: '2025-07-01T00:00:00.000Z',
        bucket: 'day',
        flow: null,
        first_use_days: 14,
        outcome_days: 30,
      });
      expect(k.flows).toHaveLength(1);
      const flow = k.flows[0];
      expect(flow).toMatchObject({
        id: 'kpi-seeded',
        version: 1,
        entered: 4,
        exited: 3,
        converted: 2,
        conversion_rate: 0.5,
        goals: [{ id: 'first-use', event: 'product.first_used', within: 'P14D', converted: 2 }],
      });
      expect(flow.exits_by_reason).toEqual([
        { key: 'completed', count: 2 },
        { key: 'cancelled', count: 1 },
      ]);
      const step = (id: string) => flow.steps.find((s) => s.id === id)!;
      const figures = (id: string) => {
        const { entered, completed, exited, converted, drop_off, median_seconds_in_step } = step(id);
        return { entered, completed, exited, converted, drop_off, median_seconds_in_step };
      };
      expect(flow.steps.map((s) => [s.id, s.type, s.moment, s.category, s.survey_kind])).toEqual([
        ['confirm', 'email', 'fmot', 'transactional', null],
        ['wait-use', 'wait_for', 'smot', null, null],
        ['ask', 'survey', 'smot', 'survey', 'nps'],
        ['share', 'email', 'tmot', 'marketing', null],
        ['nudge', 'email', 'smot', 'marketing', null],
      ]);
      expect(figures('confirm')).toEqual({
        entered: 4,
        completed: 4,
        exited: 0,
        converted: 0,
        drop_off: 0,
        median_seconds_in_step: 0,
      });
      // j1 2 h, j2 6 h, j3 timed out after 7 days: median 6 h; j4 still waits (drop-off)
      expect(figures('wait-use')).toEqual({
        entered: 4,
        completed: 3,
        exited: 0,
        converted: 2,
        drop_off: 1,
        median_seconds_in_step: 21_600,
      });
      expect(step('wait-use').drop_off_rate).toBe(0.25);
      expect(step('wait-use').outcomes).toEqual([
        { key: 'waiting', count: 4 },
        { key: 'completed', count: 2 },
        { key: 'timed_out', count: 1 },
      ]);
      expect(figures('ask')).toMatchObject({ entered: 2, completed: 2, exited: 1 });
      expect(step('ask').exits_by_reason).toEqual([{ key: 'cancelled', count: 1 }]);
      expect(figures('share')).toMatchObject({ entered: 1, completed: 1, exited: 1 });
      expect(figures('nudge')).toMatchObject({ entered: 1, completed: 1, exited: 1 });

      const group = (list: KpisResponse['by_moment'], key: string) => list.find((g) => g.key === key);
      expect(group(k.by_moment, 'fmot')).toMatchObject({ steps: 1, entered: 4, completed: 4, drop_off: 0 });
      expect(group(k.by_moment, 'smot')).toMatchObject({
        steps: 3,
        entered: 7,
        completed: 6,
        exited: 2,
        converted: 2,
        drop_off: 1,
      });
      expect(group(k.by_moment, 'tmot')).toMatchObject({ steps: 1, entered: 1, completed: 1, exited: 1 });
      expect(group(k.by_category, 'marketing')).toMatchObject({ steps: 2, entered: 2 });
      expect(group(k.by_survey_kind, 'nps')).toMatchObject({ steps: 1, entered: 2 });
      expect(group(k.by_step_type, 'email')).toMatchObject({ steps: 3, entered: 6 });

      expect(k.trend).toHaveLength(30);
      expect(k.trend[1]).toMatchObject({ bucket_start: '2025-06-02', journeys_entered: 4, journeys_converted: 2 });
      expect(k.trend.reduce((sum, p) => sum + p.journeys_entered, 0)).toBe(4);
      expect(k.funnel.journeys_entered).toBe(4);

      const filtered = await kpis(gateway.url, `${WINDOW}&flow=kpi-seeded`);
      expect(filtered.flows[0].steps).toEqual(flow.steps);
      expect((await kpis(gateway.url, `${WINDOW}&flow=other`)).flows).toEqual([]);
    });

    it('FMOT→SMOT: delivered orders reaching first use within N days, median and p90 time to it', async () => {
      const k = await kpis(gateway.url, WINDOW);
      // o1 +1 d, o2 +3 d, o5 +2 d convert; o3 (+20 d) and o4 (never) do not: 3 / 5
      expect(k.first_use).toEqual({
        delivered_orders: 5,
        converted: 3,
        conversion_rate: 0.6,
        median_seconds_to_first_use: 172_800,
        // p90 of [1 d, 2 d, 3 d], interpolated: 2 d + 0.8 d
        p90_seconds_to_first_use: 241_920,
      });
      const within2 = await kpis(gateway.url, `${WINDOW}&first_use_days=2`);
      expect(within2.first_use).toMatchObject({
        converted: 1,
        conversion_rate: 0.2,
        median_seconds_to_first_use: 86_400,
      });
      expect(k.funnel).toEqual({
        orders: 6,
        delivered_orders: 5,
        journeys_entered: 4,
        first_use: 4,
        surveys_answered: 9,
        promoters: 3,
        review_requests_sent: 2,
      });
      // first use by c1, c2, c3, c5; c2 got a refund and c1 ordered again within 30 days
      expect(k.outcomes).toEqual({
        customers_with_first_use: 4,
        refunded_or_returned: 1,
        refund_rate: 0.25,
        repeat_purchasers: 1,
        repeat_purchase_rate: 0.25,
      });
    });

    it('satisfaction: NPS, CSAT, CES, response rate; overall, per flow and after first use', async () => {
      const { satisfaction } = await kpis(gateway.url, WINDOW);
      // NPS 10, 9, 9, 8, 3, 0: (3 promoters − 2 detractors) / 6 = 16.7 → 17
      expect(satisfaction.overall).toMatchObject({
        surveys_sent: 3,
        surveys_answered: 9,
        response_rate: 0.6667,
        nps: { responses: 6, promoters: 3, passives: 1, detractors: 2, score: 17 },
        csat: { responses: 2, average: 3.5, positive_rate: 0.5 },
        ces: { responses: 1, average: 6, positive_rate: 1 },
      });
      expect(satisfaction.overall.nps.distribution).toEqual([1, 0, 0, 1, 0, 0, 0, 0, 1, 2, 1]);
      expect(satisfaction.by_flow.map((f) => [f.flow_id, f.nps.score])).toEqual([['kpi-seeded', 17]]);
      // after first use: c1 10, c5 9, c3 8, c2 3 → (2 − 1) / 4 = 25
      expect(satisfaction.after_first_use.nps).toMatchObject({ responses: 4, score: 25 });
    });

    it('TMOT, email, alerts', async () => {
      const k = await kpis(gateway.url, WINDOW);
      expect(k.tmot).toEqual({
        review_requests_sent: 2,
        review_requests_clicked: 1,
        promoters: 3,
        promoters_clicked: 1,
        promoter_click_rate: 0.3333,
      });
      expect(k.emails.totals).toEqual({
        sent: 8,
        failed: 1,
        bounced: 1,
        suppressed: 1,
        unknown: 1,
        opened: 2,
        clicked: 1,
        unsubscribed: 1,
        open_rate: 0.25,
        click_rate: 0.125,
      });
      expect(k.emails.by_template.find((t) => t.template === 'seed-confirm')).toMatchObject({
        locale: 'en',
        sent: 3,
        failed: 1,
        bounced: 1,
        opened: 1,
      });
      expect(k.alerts).toEqual({
        open: 1,
        open_by_severity: [{ key: 'high', count: 1 }],
        open_by_reason: [{ key: 'detractor', count: 1 }],
        raised: 3,
        acknowledged: 2,
        resolved: 1,
        escalated: 1,
        mean_seconds_to_acknowledge: 900,
        mean_seconds_to_resolve: 3600,
      });
      const weekly = await kpis(gateway.url, `${WINDOW}&bucket=week`);
      expect(weekly.trend.map((p) => p.bucket_start)).toEqual([
        '2025-05-26',
        '2025-06-02',
        '2025-06-09',
        '2025-06-16',
        '2025-06-23',
        '2025-06-30',
      ]);
      expect(weekly.trend[1]).toMatchObject({ journeys_entered: 4, emails_sent: 8 });
      // Week of 23 June: NPS 10, 3, 8, 0, 9, 9 → (3 − 2) / 6 = 17; CSAT 5 and 2 → 1 of 2 at 4-5; CES 6 → 1 of 1 at 5-7.
      expect(weekly.trend[4]).toMatchObject({ surveys_answered: 9, nps: 17, csat: 0.5, ces: 1 });
      expect(weekly.trend[3]).toMatchObject({ nps: null, csat: null, ces: null });
    });
  });

  describe('a flow written here, through gateway, engine and dispatcher', () => {
    const apps: RunningApp[] = [];
    let db: TestDatabase;
    let gatewayUrl: string;

    beforeAll(async () => {
      db = await createTestDatabase({ migrate: false });
      const dir = mkdtempSync(join(tmpdir(), 'postventa-kpis-'));
      writeFileSync(join(dir, 'share-the-love.yaml'), CUSTOM_FLOW);
      const templates = join(dir, 'templates');
      for (const shared of ['layouts', 'partials', 'locales'])
        cpSync(join(__dirname, '..', 'flows', 'templates', shared), join(templates, shared), { recursive: true });
      mkdirSync(join(templates, 'ask-for-a-shout-out'));
      for (const locale of ['es', 'en', 'pt'])
        writeFileSync(join(templates, 'ask-for-a-shout-out', `${locale}.hbs`), SHOUT_OUT_TEMPLATE);
      writeFileSync(join(templates, 'ask-for-a-shout-out', 'sample.json'), '{ "context": {}, "data": {} }');
      const gatewayPort = await freePort();
      gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
      const env = {
        ...isolatedTopics(),
        DATABASE_URL: db.url,
        FLOWS_DIR: dir,
        TEMPLATES_DIR: templates,
        INGEST_API_KEYS: INGEST_KEY,
        ADMIN_API_KEYS: ADMIN_KEY,
        PUBLIC_BASE_URL: gatewayUrl,
        SCHEDULER_INTERVAL_MS: '200',
        OUTBOX_INTERVAL_MS: '200',
      };
      apps.push(await startTestApp(engineApp, env));
      apps.push(await startTestApp(dispatcherApp, env));
      apps.push(await startTestApp(gatewayApp, { ...env, GATEWAY_PORT: String(gatewayPort) }));
    });
    afterAll(async () => {
      if (process.env.DEBUG_KPIS)
        console.log(
          JSON.stringify({
            d: await db.dataSource.query('SELECT template, status, error_code, error_message, locale FROM deliveries'),
            f: await db.dataSource.query('SELECT flow_id, number, status FROM flow_versions'),
            j: await db.dataSource.query('SELECT flow_id, status, current_step FROM journey_instances'),
            i: await db.dataSource.query('SELECT event_id, type, processed_at FROM inbox_events'),
            a: await db.dataSource.query('SELECT type, step_id, outcome, data FROM activity'),
          }).slice(0, 6000),
        );
      for (const app of apps.reverse()) await app.app.close();
      await db?.drop();
    });

    it("counts the custom flow's review requests: its tmot step sent two", async () => {
      const now = Date.now();
      for (const n of [1, 2]) {
        const customer = `cus_kpi_${now}_${n}`;
        const built = sampleEvent('order.delivered', {
          id: `evt_kpi_${now}_${n}`,
          subject: customer,
          time: new Date(now).toISOString(),
        });
        const { customer: _sample, ...data } = built.data as Record<string, unknown>;
        const response = await fetch(`${gatewayUrl}/v1/events`, {
          method: 'POST',
          headers: { authorization: `Bearer ${INGEST_KEY}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            ...built,
            data: {
              ...data,
              order_id: `ord_kpi_${now}_${n}`,
              customer: { email: `${customer}@example.com`, locale: 'en', consent: { marketing: true } },
            },
          }),
        });
        expect(response.status).toBe(202);
      }
      const sent = await eventually(
        async () =>
          (
            await db.dataSource.query<Array<{ n: number }>>(
              `SELECT count(*)::int AS n FROM deliveries WHERE template = 'ask-for-a-shout-out' AND status = 'sent'`,
            )
          )[0].n,
        (n) => n >= 2,
        60_000,
      );
      expect(sent).toBe(2);

      const k = await kpis(gatewayUrl, 'flow=share-the-love');
      expect(k.tmot.review_requests_sent).toBe(2);
      expect(k.funnel.review_requests_sent).toBe(2);
      expect(k.funnel.journeys_entered).toBe(2);
      expect(k.flows.map((f) => f.id)).toEqual(['share-the-love']);
      expect(k.flows[0].steps[0]).toMatchObject({
        id: 'shout-out',
        moment: 'tmot',
        category: 'marketing',
        template: 'ask-for-a-shout-out',
        entered: 2,
        completed: 2,
        drop_off: 0,
      });
      expect(k.by_moment).toEqual([expect.objectContaining({ key: 'tmot', steps: 1, entered: 2, completed: 2 })]);
      expect(k.emails.by_template).toEqual([
        expect.objectContaining({ template: 'ask-for-a-shout-out', sent: 2, failed: 0 }),
      ]);
    });
  });
});

const CUSTOM_FLOW = `id: share-the-love
name: Share the love
trigger:
  event: order.delivered
entry:
  key: order
steps:
  - id: shout-out
    type: email
    template: ask-for-a-shout-out
    category: marketing
    moment: tmot
`;

const SHOUT_OUT_TEMPLATE = `---
subject: "Tell a friend?"
preheader: "A short note from us."
---
<p>Hi{{#if customer.first_name}} {{customer.first_name}}{{/if}}, would you tell a friend about us?</p>
`;

/**
 * The known event set, June 2025. Flow `kpi-seeded` v1: confirm (email, fmot) → wait-use
 * (wait_for product.first_used, smot, 7 days, else nudge) → ask (NPS survey, smot) → share (email,
 * tmot); nudge (email, smot). Four journeys entered on 2 June 10:00:
 * j1 used the product after 2 h (goal), answered, got the share email, completed;
 * j2 used it after 6 h (goal), answered, was cancelled at `ask`;
 * j3 timed out after 7 days, got the nudge, completed; j4 still waits.
 */
async function seed(db: TestDatabase): Promise<void> {
  const q = (sql: string, params: unknown[] = []) => db.dataSource.query(sql, params);
  const at = (iso: string, plusSeconds = 0) => new Date(Date.parse(iso) + plusSeconds * 1000).toISOString();
  const T0 = '2025-06-02T10:00:00Z';
  const H = 3600;
  const D = 86_400;

  const definition = {
    id: 'kpi-seeded',
    name: 'Seeded flow',
    trigger: { event: 'order.placed' },
    goals: [{ id: 'first-use', event: 'product.first_used', within: 'P14D', exit: false }],
    steps: [
      { id: 'confirm', type: 'email', template: 'seed-confirm', category: 'transactional', moment: 'fmot' },
      {
        id: 'wait-use',
        type: 'wait_for',
        event: 'product.first_used',
        timeout: 'P7D',
        on_event: 'ask',
        on_timeout: 'nudge',
        moment: 'smot',
      },
      { id: 'ask', type: 'survey', kind: 'nps', template: 'seed-nps', moment: 'smot' },
      { id: 'share', type: 'email', template: 'seed-share', category: 'marketing', moment: 'tmot', next: 'end' },
      { id: 'nudge', type: 'email', template: 'seed-nudge', category: 'marketing', moment: 'smot' },
    ],
  };
  await q(
    `INSERT INTO flow_versions (flow_id, version, number, name, source, definition, status)
     VALUES ('kpi-seeded', 'h1', 1, 'Seeded flow', '', $1, 'active')`,
    [JSON.stringify(definition)],
  );

  let seq = 0;
  const activity = (
    type: string,
    journey: string,
    step: string | null,
    when: string,
    outcome: string | null = null,
    data: object = {},
  ) =>
    q(
      `INSERT INTO activity (id, type, customer_id, journey_id, flow_id, flow_version, step_id, outcome, occurred_at, data)
       VALUES ($1, $2, $3, $4, 'kpi-seeded', 1, $5, $6, $7, $8)`,
      [
        `act-${++seq}`,
        type,
        `c${journey.slice(1)}`,
        journey,
        step,
        outcome,
        when,
        JSON.stringify({ outcome, ...data }),
      ],
    );
  for (const j of ['j1', 'j2', 'j3', 'j4']) {
    await activity('journey.entered', j, 'confirm', T0);
    await activity('journey.step', j, 'confirm', T0, 'completed');
    await activity('journey.step', j, 'wait-use', T0, 'waiting');
  }
  for (const [j, after] of [
    ['j1', 2 * H],
    ['j2', 6 * H],
  ] as const) {
    await activity('journey.step', j, 'wait-use', at(T0, after), 'completed');
    await activity('journey.converted', j, 'wait-use', at(T0, after), null, { goal: 'first-use' });
    await activity('journey.step', j, 'ask', at(T0, after), 'completed');
  }
  await activity('journey.step', 'j1', 'share', at(T0, 2 * H), 'completed');
  await activity('journey.exited', 'j1', 'share', at(T0, 2 * H), 'completed');
  await activity('journey.exited', 'j2', 'ask', at(T0, 8 * H), 'cancelled', { reason: 'exit_event' });
  await activity('journey.step', 'j3', 'wait-use', at(T0, 7 * D), 'timed_out');
  await activity('journey.step', 'j3', 'nudge', at(T0, 7 * D), 'completed');
  await activity('journey.exited', 'j3', 'nudge', at(T0, 7 * D), 'completed');
  // outside the window: not counted
  await activity('journey.entered', 'j9', 'confirm', '2025-05-20T00:00:00Z');
  await activity('journey.step', 'j9', 'confirm', '2025-05-20T00:00:00Z', 'completed');

  const inbox = (id: string, type: string, customer: string, when: string, data: object) =>
    q(
      `INSERT INTO inbox_events (event_id, type, source, customer_id, event_time, envelope) VALUES ($1, $2, 'test', $3, $4, $5)`,
      [id, type, customer, when, JSON.stringify({ data })],
    );
  const DELIVERED = '2025-06-03T00:00:00Z';
  for (const n of [1, 2, 3, 4, 5]) {
    await inbox(`placed-${n}`, 'order.placed', `c${n}`, '2025-06-01T12:00:00Z', { order_id: `o${n}` });
    await inbox(`delivered-${n}`, 'order.delivered', `c${n}`, n === 5 ? '2025-06-04T00:00:00Z' : DELIVERED, {
      order_id: `o${n}`,
    });
  }
  await inbox('used-1', 'product.first_used', 'c1', at(DELIVERED, 1 * D), { order_id: 'o1' });
  await inbox('used-2', 'product.first_used', 'c2', at(DELIVERED, 3 * D), {});
  await inbox('used-3', 'product.first_used', 'c3', at(DELIVERED, 20 * D), { order_id: 'o3' });
  await inbox('used-5', 'product.first_used', 'c5', at('2025-06-04T00:00:00Z', 2 * D), { order_id: 'o5' });
  await inbox('placed-6', 'order.placed', 'c1', '2025-06-09T00:00:00Z', { order_id: 'o6' });
  await inbox('refunded-2', 'order.refunded', 'c2', '2025-06-10T00:00:00Z', { order_id: 'o2' });
  await inbox('open-1', 'email.opened', 'c1', '2025-06-02T11:00:00Z', { command_id: 'd-confirm1' });
  await inbox('open-2', 'email.opened', 'c1', '2025-06-02T12:00:00Z', { command_id: 'd-confirm1' });
  await inbox('open-3', 'email.opened', 'c1', '2025-06-02T13:00:00Z', { command_id: 'd-s1' });
  await inbox('click-1', 'email.clicked', 'c1', '2025-06-26T00:00:00Z', { command_id: 'd-share1', url: 'https://x' });
  await inbox('unsub-1', 'customer.unsubscribed', 'c5', '2025-06-26T00:00:00Z', { command_id: 'd-share5' });

  const delivery = (
    id: string,
    customer: string,
    type: 'email.send' | 'survey.send',
    template: string,
    step: string,
    locale: string,
    status: string,
    errorCode: string | null = null,
  ) =>
    q(
      `INSERT INTO deliveries (command_id, command_type, customer_id, category, template, command, status, message_id, locale,
                               error_code, created_at, updated_at, sent_at)
       VALUES ($1, $2, $3, 'transactional', $4, $5, $6, $1, $7, $8, $9, $9, CASE WHEN $6 = 'sent' THEN $9::timestamptz END)`,
      [
        id,
        type,
        customer,
        template,
        JSON.stringify({ flow: { id: 'kpi-seeded', version: 1 }, step_id: step }),
        status,
        locale,
        errorCode,
        T0,
      ],
    );
  for (const n of [1, 2, 3])
    await delivery(`d-confirm${n}`, `c${n}`, 'email.send', 'seed-confirm', 'confirm', 'en', 'sent');
  await delivery('d-confirm4', 'c4', 'email.send', 'seed-confirm', 'confirm', 'en', 'failed', 'HARD_BOUNCE');
  for (const n of [1, 2, 4]) await delivery(`d-s${n}`, `c${n}`, 'survey.send', 'seed-nps', 'ask', 'es', 'sent');
  await delivery('d-share1', 'c1', 'email.send', 'seed-share', 'share', 'en', 'sent');
  await delivery('d-share5', 'c5', 'email.send', 'seed-share', 'share', 'en', 'sent');
  await delivery('d-nudge3', 'c3', 'email.send', 'seed-nudge', 'nudge', 'en', 'unknown');
  await delivery('d-nudge4', 'c4', 'email.send', 'seed-nudge', 'nudge', 'en', 'suppressed');

  const ANSWERED = '2025-06-25T00:00:00Z';
  const answer = (survey: string, customer: string, kind: string, score: number) =>
    q(
      `INSERT INTO survey_answers (survey_id, customer_id, kind, score, flow_id, first_answered_at, updated_at)
       VALUES ($1, $2, $3, $4, 'kpi-seeded', $5, $5)`,
      [survey, customer, kind, score, ANSWERED],
    );
  await answer('d-s1', 'c1', 'nps', 10);
  await answer('d-s2', 'c2', 'nps', 3);
  await answer('s-c3', 'c3', 'nps', 8);
  await answer('s-c4', 'c4', 'nps', 0);
  await answer('s-c5', 'c5', 'nps', 9);
  await answer('s-c6', 'c6', 'nps', 9);
  await answer('csat-1', 'c1', 'csat', 5);
  await answer('csat-2', 'c2', 'csat', 2);
  await answer('ces-1', 'c1', 'ces', 6);

  const RAISED = '2025-06-05T00:00:00Z';
  const alert = (id: string, state: string, severity: string, reason: string, extra: Record<string, string | null>) =>
    q(
      `INSERT INTO alerts (id, customer_id, reason, source, severity, state, team, first_signal_at, last_signal_at, raised_at, sla_due_at,
                           acknowledged_at, resolved_at, escalated_at, flow_id)
       VALUES ($1, 'c2', $2, 'flow', $3, $4, 'care', $5, $5, $5, $5, $6, $7, $8, 'kpi-seeded')`,
      [
        id,
        reason,
        severity,
        state,
        RAISED,
        extra.acknowledged ?? null,
        extra.resolved ?? null,
        extra.escalated ?? null,
      ],
    );
  await alert('al1', 'open', 'high', 'detractor', {});
  await alert('al2', 'resolved', 'medium', 'no_first_use', {
    acknowledged: at(RAISED, 600),
    resolved: at(RAISED, 3600),
  });
  await alert('al3', 'acknowledged', 'critical', 'refund', {
    acknowledged: at(RAISED, 1200),
    escalated: at(RAISED, 900),
  });
}

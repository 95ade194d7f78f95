import { RunningApp } from '@postventa/platform';
import type { Kpis } from '../apps/gateway/src/dashboard/dashboard-kpis';
import { gatewayApp } from '../apps/gateway/src/gateway.module';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { isolatedTopics, startTestApp } from './support/test-apps';

const ADMIN_KEY = 'dashboard-admin-key-0123456789';

/**
 * The KPI dashboard on a real gateway and PostgreSQL: admin keys by Basic or Bearer, an empty
 * database, then rows seeded straight into the tables the engine and dispatcher write.
 */
describe('KPI dashboard: /dashboard and /v1/kpis (real gateway, real PostgreSQL)', () => {
  let db: TestDatabase;
  let gateway: RunningApp;

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    gateway = await startTestApp(gatewayApp, { ...isolatedTopics(), DATABASE_URL: db.url, ADMIN_API_KEYS: ADMIN_KEY });
  });
  afterAll(async () => {
    await gateway?.app.close();
    await db?.drop();
  });

  const basic = (password: string) => `Basic ${Buffer.from(`ana:${password}`).toString('base64')}`;
  const get = (path: string, authorization?: string) =>
    fetch(`${gateway.url}${path}`, { headers: authorization ? { authorization } : {} });

  it('asks for Basic credentials without a valid admin key', async () => {
    for (const [path, auth] of [
      ['/dashboard', undefined],
      ['/dashboard', basic('wrong-key')],
      ['/v1/kpis', 'Bearer wrong-key'],
      ['/v1/kpis', undefined],
    ] as const) {
      const response = await get(path, auth);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Basic realm="Postventa"');
    }
    expect((await get('/v1/kpis?days=0', `Bearer ${ADMIN_KEY}`)).status).toBe(400);
  });

  it('renders an empty database with zeros', async () => {
    const page = await get('/dashboard', basic(ADMIN_KEY));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('<svg');
    expect(html).toContain('No data yet.');
    const kpis = (await (await get('/v1/kpis', `Bearer ${ADMIN_KEY}`)).json()) as Kpis;
    expect(kpis.period.days).toBe(30);
    expect(kpis.funnel).toEqual({
      orders: 0,
      journeysEntered: 0,
      firstUse: 0,
      surveysAnswered: 0,
      promoters: 0,
      reviewRequestsSent: 0,
    });
    expect(kpis.nps.score).toBeNull();
    expect(kpis.trend).toHaveLength(30);
    expect(kpis.flows).toEqual([]);
  });

  it('shows what happened: funnel, emails, NPS, alerts, trend and the flow with per-step counts', async () => {
    await seed(db);
    const page = await get('/dashboard?days=7', basic(ADMIN_KEY));
    expect(page.status).toBe(200);
    const html = await page.text();
    const kpis = (await (await get('/v1/kpis?days=7', basic(ADMIN_KEY))).json()) as Kpis;

    expect(kpis.funnel).toEqual({
      orders: 2,
      journeysEntered: 2,
      firstUse: 1,
      surveysAnswered: 2,
      promoters: 1,
      reviewRequestsSent: 1,
    });
    expect(kpis.emails).toEqual({ sent: 3, opened: 1, clicked: 1, bounced: 1, suppressed: 1 });
    expect(kpis.nps).toMatchObject({ responses: 2, detractors: 1, passives: 0, promoters: 1, score: 0 });
    expect(kpis.nps.distribution[3]).toBe(1);
    expect(kpis.nps.distribution[10]).toBe(1);
    expect(kpis.alerts).toEqual({
      open: 1,
      openBySeverity: [{ key: 'high', count: 1 }],
      openByReason: [{ key: 'detractor', count: 1 }],
      raised: 2,
      acknowledged: 1,
      avgAcknowledgeSeconds: 600,
    });
    expect(kpis.trend).toHaveLength(7);
    expect(kpis.trend.reduce((sum, p) => sum + p.journeysEntered, 0)).toBe(2);
    expect(kpis.flows).toHaveLength(1);
    expect(kpis.flows[0]).toMatchObject({ id: 'shop-flow', version: 2, stepCounts: { confirm: 2, wait: 1 } });
    expect(kpis.flows[0].steps.map((s) => s.id)).toEqual(['confirm', 'wait', 'nudge']);

    expect(html).toContain('<svg');
    expect(html).toContain('<polyline');
    expect(html).toContain('FMOT · Orders');
    expect(html).toContain('SMOT · First use reached');
    expect(html).toContain('50% of previous');
    expect(html).toContain('wait · wait_for');
    expect(html).toContain('on timeout');
    expect(html).toContain('&#60;Shop&#62; flow');
    expect(html).not.toContain('<Shop>');
  });
});

async function seed(db: TestDatabase): Promise<void> {
  const q = (sql: string, params: unknown[] = []) => db.dataSource.query(sql, params);
  const hourAgo = new Date(Date.now() - 3_600_000);
  const old = new Date(Date.now() - 20 * 86_400_000); // outside ?days=7
  const definition = (steps: unknown[]) => JSON.stringify({ id: 'shop-flow', name: '<Shop> flow', steps });
  await q(
    `INSERT INTO flow_versions (flow_id, version, number, name, source, definition, status) VALUES
       ('shop-flow', 'h1', 1, '<Shop> flow', '', $1, 'active'), ('shop-flow', 'h2', 2, '<Shop> flow', '', $2, 'active'), ('old-flow', 'h1', 1, 'Old', '', $1, 'archived')`,
    [
      definition([{ id: 'confirm', type: 'email' }]),
      definition([
        { id: 'confirm', type: 'email' },
        { id: 'wait', type: 'wait_for', event: 'product.first_used', on_event: 'end', on_timeout: 'nudge' },
        { id: 'nudge', type: 'email' },
      ]),
    ],
  );
  const inbox = (id: string, type: string, customer: string, at: Date, data: object) =>
    q(
      `INSERT INTO inbox_events (event_id, type, source, customer_id, event_time, envelope) VALUES ($1, $2, 'test', $3, $4, $5)`,
      [id, type, customer, at, JSON.stringify({ data })],
    );
  await inbox('e1', 'order.placed', 'cus_1', hourAgo, { order_id: 'o1' });
  await inbox('e2', 'order.placed', 'cus_2', hourAgo, { order_id: 'o2' });
  await inbox('e3', 'order.placed', 'cus_3', old, { order_id: 'o3' });
  await inbox('e4', 'product.first_used', 'cus_1', hourAgo, { order_id: 'o1' });
  await inbox('e5', 'email.opened', 'cus_1', hourAgo, { command_id: 'c1' });
  await inbox('e6', 'email.opened', 'cus_1', hourAgo, { command_id: 'c1' });
  await inbox('e7', 'email.clicked', 'cus_1', hourAgo, { command_id: 'c1' });

  const activity = (
    id: string,
    type: string,
    customer: string,
    journey: string,
    step: string | null,
    data: object = {},
  ) =>
    q(
      `INSERT INTO activity (id, type, customer_id, journey_id, flow_id, flow_version, step_id, order_id, occurred_at, data)
       VALUES ($1, $2, $3, $4, 'shop-flow', 2, $5, $6, $7, $8)`,
      [id, type, customer, journey, step, `o${customer.slice(-1)}`, hourAgo, JSON.stringify(data)],
    );
  await activity('a1', 'journey.entered', 'cus_1', 'j1', null);
  await activity('a2', 'journey.entered', 'cus_2', 'j2', null);
  await activity('a3', 'journey.step', 'cus_1', 'j1', 'confirm');
  await activity('a4', 'journey.step', 'cus_2', 'j2', 'confirm');
  await activity('a5', 'journey.step', 'cus_1', 'j1', 'wait', { outcome: 'waiting' });
  await activity('a6', 'journey.step', 'cus_1', 'j1', 'wait', { outcome: 'completed' });
  await activity('a7', 'journey.converted', 'cus_1', 'j1', 'wait', { goal: 'first-use' });

  await q(
    `INSERT INTO survey_answers (survey_id, customer_id, kind, score, first_answered_at, updated_at) VALUES
       ('s1', 'cus_1', 'nps', 10, $1, $1), ('s2', 'cus_2', 'nps', 3, $1, $1), ('s3', 'cus_3', 'nps', 9, $2, $2)`,
    [hourAgo, old],
  );
  const delivery = (id: string, template: string, status: string, errorCode: string | null) =>
    q(
      `INSERT INTO deliveries (command_id, command_type, customer_id, category, template, command, status, message_id, error_code, sent_at, updated_at)
       VALUES ($1, 'email.send', 'cus_1', 'transactional', $2, '{}', $3, $1, $4, CASE WHEN $3 = 'sent' THEN $5::timestamptz END, $5)`,
      [id, template, status, errorCode, hourAgo],
    );
  await delivery('c1', 'order-confirmation', 'sent', null);
  await delivery('c2', 'order-confirmation', 'sent', null);
  await delivery('c3', 'review-request', 'sent', null);
  await delivery('c4', 'usage-guide', 'failed', 'HARD_BOUNCE');
  await delivery('c5', 'review-request', 'suppressed', null);

  const alert = (id: string, severity: string, reason: string, state: string, acknowledgedAt: Date | null) =>
    q(
      `INSERT INTO alerts (id, customer_id, reason, source, severity, state, team, first_signal_at, last_signal_at, raised_at, sla_due_at, acknowledged_at)
       VALUES ($1, 'cus_2', $2, 'flow', $3, $4, 'care', $5, $5, $5, $5, $6)`,
      [id, reason, severity, state, hourAgo, acknowledgedAt],
    );
  await alert('al1', 'high', 'detractor', 'open', null);
  await alert('al2', 'medium', 'no_first_use', 'acknowledged', new Date(hourAgo.getTime() + 600_000));
}

import { AlertLifecycleService } from '@postventa/alerts';
import { TransactionRunner } from '@postventa/persistence';
import { RunningApp } from '@postventa/platform';
import { readFileSync } from 'node:fs';
import { AdminGateway, startAdminGateway, TEST_ADMIN_KEY } from './support/admin-gateway';
import { TestDatabase } from './support/test-database';

const ADMIN_KEY = TEST_ADMIN_KEY;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A small valid flow (template ids of flows/templates), as JSON. */
const demoFlow = (name = 'Admin API demo'): { id: string; name: string; trigger: Json; steps: Json[] } => ({
  id: 'admin-api-demo',
  name,
  trigger: { event: 'order.delivered' },
  steps: [
    { id: 'thanks', type: 'email', template: 'order-confirmation', category: 'transactional', moment: 'fmot' },
    { id: 'wait', type: 'wait', duration: 'P2D' },
    { id: 'nps', type: 'survey', kind: 'nps', template: 'nps-survey', moment: 'smot' },
  ],
});

describe('admin API: flows, alerts, customers (real gateway, real PostgreSQL)', () => {
  let stack: AdminGateway;
  let db: TestDatabase;
  let gateway: RunningApp;

  beforeAll(async () => {
    stack = await startAdminGateway();
    ({ db, gateway } = stack);
  });
  afterAll(() => stack?.stop());

  const call = async (method: 'GET' | 'POST', path: string, body?: unknown, type = 'application/json') => {
    const response = await fetch(`${gateway.url}${path}`, {
      method,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'content-type': type, authorization: `Bearer ${ADMIN_KEY}` },
    });
    return { status: response.status, body: (await response.json()) as Json };
  };

  describe('flows', () => {
    it('validates a flow from YAML and from JSON, naming each problem by path', async () => {
      const yaml = readFileSync('flows/smot-onboarding.yaml', 'utf8');
      const fromYaml = await call('POST', '/v1/flows/validate', yaml, 'application/yaml');
      expect(fromYaml.status).toBe(200);
      expect(fromYaml.body).toMatchObject({ valid: true, errors: [], flow: { id: 'smot-onboarding' } });

      const broken = demoFlow();
      broken.steps[0] = { ...broken.steps[0], template: 'no-such-template' };
      (broken.steps[1] as Json).duration = 'two days';
      const fromJson = await call('POST', '/v1/flows/validate', broken);
      expect(fromJson.status).toBe(200);
      expect(fromJson.body.valid).toBe(false);
      const paths = (fromJson.body.errors as Array<{ path: string }>).map((e) => e.path);
      expect(paths).toEqual(expect.arrayContaining(['steps[1].duration']));
    });

    it('publishes a flow, lists it, reads it with its graph, and republishing unchanged is a no-op', async () => {
      const published = await call('POST', '/v1/flows', demoFlow());
      expect(published.status).toBe(201);
      expect(published.body).toMatchObject({ id: 'admin-api-demo', action: 'published', version: { number: 1 } });
      const again = await call('POST', '/v1/flows', demoFlow());
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ action: 'unchanged', version: { number: 1 } });
      const v2 = await call('POST', '/v1/flows', demoFlow('Admin API demo, renamed'));
      expect(v2.body).toMatchObject({ action: 'published', version: { number: 2 }, previous: { number: 1 } });

      const list = await call('GET', '/v1/flows');
      expect(list.status).toBe(200);
      expect(list.body.flows).toContainEqual(
        expect.objectContaining({
          id: 'admin-api-demo',
          name: 'Admin API demo, renamed',
          status: 'active',
          version: { number: 2, hash: v2.body.version.hash },
          versions: 2,
          moments: ['fmot', 'smot'],
        }),
      );
      const rows: Array<{ number: number }> = await db.dataSource.query(
        `SELECT number FROM flow_versions WHERE flow_id = 'admin-api-demo' ORDER BY number`,
      );
      expect(rows.map((r) => Number(r.number))).toEqual([1, 2]);

      const detail = await call('GET', '/v1/flows/admin-api-demo');
      expect(detail.status).toBe(200);
      expect(detail.body.definition).toMatchObject({ id: 'admin-api-demo', steps: expect.any(Array) });
      expect(detail.body.versions.map((v: Json) => v.number)).toEqual([2, 1]);
      expect(detail.body.graph.edges).toEqual([
        { from: 'thanks', to: 'wait' },
        { from: 'wait', to: 'nps' },
        { from: 'nps', to: 'end' },
      ]);
      expect(detail.body.graph.nodes[0]).toEqual({
        id: 'thanks',
        type: 'email',
        moment: 'fmot',
        category: 'transactional',
        label: 'email order-confirmation',
      });
      expect((await call('GET', '/v1/flows/nope')).status).toBe(404);
    });

    it('refuses to publish an invalid flow with 422 and stores nothing', async () => {
      const bad = { ...demoFlow(), id: 'admin-api-bad', steps: [{ id: 'x', type: 'teleport' }] };
      const response = await call('POST', '/v1/flows', bad);
      expect(response.status).toBe(422);
      expect(response.body.error.code).toBe('FLOW_INVALID');
      expect(response.body.error.errors[0].path).toBe('steps[0].type');
      const rows: unknown[] = await db.dataSource.query(`SELECT 1 FROM flow_versions WHERE flow_id = 'admin-api-bad'`);
      expect(rows).toEqual([]);
    });

    it('pauses, resumes and archives a flow, stopping its running journeys on request', async () => {
      await db.dataSource.query(
        `INSERT INTO journey_instances (id, flow_id, flow_version, customer_id, entry_key, status, current_step, state, entered_at, updated_at)
         VALUES ('jrn_admin_1', 'admin-api-demo', (SELECT version FROM flow_versions WHERE flow_id = 'admin-api-demo' ORDER BY number DESC LIMIT 1),
                 'cus_admin_flow', 'k1', 'waiting', 'wait', $1::jsonb, now(), now())`,
        [
          JSON.stringify({
            id: 'jrn_admin_1',
            flow: { id: 'admin-api-demo', version: 'v' },
            customer_id: 'cus_admin_flow',
            entry_key: 'k1',
            entry_event_id: 'evt_1',
            status: 'waiting',
            current_step: 'wait',
            visits: [],
            visit_counts: {},
            vars: {},
            seq: 1,
            emitted: [],
            goals: [],
          }),
        ],
      );
      const paused = await call('POST', '/v1/flows/admin-api-demo/pause', {});
      expect(paused).toEqual({
        status: 200,
        body: { id: 'admin-api-demo', status: 'paused', stopped_journeys: 0 },
      });
      expect((await call('GET', '/v1/flows/admin-api-demo')).body.status).toBe('paused');
      const resumeWithStop = await call('POST', '/v1/flows/admin-api-demo/resume', { stop_journeys: true });
      expect(resumeWithStop.status).toBe(400);
      expect(resumeWithStop.body.error).toMatchObject({ code: 'FLOW_INVALID_REQUEST', path: 'stop_journeys' });
      expect((await call('POST', '/v1/flows/admin-api-demo/resume', {})).body.status).toBe('active');
      const archived = await call('POST', '/v1/flows/admin-api-demo/archive', { stop_journeys: true });
      expect(archived.body).toEqual({ id: 'admin-api-demo', status: 'archived', stopped_journeys: 1 });
      const [journey]: Array<{ status: string }> = await db.dataSource.query(
        `SELECT status FROM journey_instances WHERE id = 'jrn_admin_1'`,
      );
      expect(journey.status).not.toMatch(/active|waiting/);
      const badOption = await call('POST', '/v1/flows/admin-api-demo/pause', { stop_journeys: 'yes' });
      expect(badOption.status).toBe(400);
      expect(badOption.body.error.fields).toEqual([{ path: 'stop_journeys', message: expect.any(String) }]);
      expect((await call('POST', '/v1/flows/nope/pause', {})).status).toBe(404);
    });

    it('simulates a flow on a timeline and returns the commands it would emit', async () => {
      const response = await call('POST', '/v1/flows/simulate', {
        flow: demoFlow(),
        events: [
          {
            specversion: '1.0',
            id: 'evt_sim_1',
            source: 'test',
            type: 'order.delivered',
            subject: 'cus_sim',
            time: '2026-01-05T10:00:00Z',
            datacontenttype: 'application/json',
            data: { order_id: 'ord_1' },
          },
        ],
        customer: { email: 'sim@example.com', locale: 'en' },
      });
      expect(response.status).toBe(200);
      expect(response.body.commands.map((c: Json) => c.type)).toEqual(['email.send', 'survey.send']);
      expect(response.body.journeys).toEqual([expect.objectContaining({ status: 'completed' })]);
      const badEvent = await call('POST', '/v1/flows/simulate', { flow: demoFlow(), events: [{ type: 'x' }] });
      expect(badEvent.status).toBe(400);
      expect(badEvent.body.error.path).toMatch(/^events\.0/);
    });
  });

  describe('alerts', () => {
    let alertId: string;

    beforeAll(async () => {
      const transactions = gateway.app.get(TransactionRunner);
      const lifecycle = gateway.app.get(AlertLifecycleService, { strict: false });
      const raised = await transactions.run((tx) =>
        lifecycle.raise(
          tx,
          {
            customerId: 'cus_admin_alert',
            reason: 'detractor',
            severity: 'high',
            source: 'risk',
            actor: 'risk',
            reasons: [{ code: 'detractor', detail: 'NPS 2' }],
            signalAt: new Date().toISOString(),
          },
          new Date(),
        ),
      );
      alertId = raised.alert.id;
    });

    it('filters the list by state, severity, customer, reason and time', async () => {
      const hit = await call('GET', `/v1/alerts?customer=cus_admin_alert&severity=high&reason=detractor&state=open`);
      expect(hit.body.alerts.map((a: Json) => a.id)).toEqual([alertId]);
      const future = new Date(Date.now() + 3_600_000).toISOString();
      expect((await call('GET', `/v1/alerts?customer=cus_admin_alert&from=${future}`)).body.alerts).toEqual([]);
      expect((await call('GET', `/v1/alerts?customer=cus_admin_alert&to=${future}`)).body.alerts).toHaveLength(1);
      const badRange = await call('GET', `/v1/alerts?from=${future}&to=2020-01-01T00:00:00Z`);
      expect(badRange.status).toBe(400);
      expect(badRange.body.error).toMatchObject({ code: 'ALERT_INVALID_REQUEST', path: 'to' });
    });

    it('resolves, reopens and comments on an alert; the comments and history show in GET', async () => {
      expect((await call('POST', `/v1/alerts/${alertId}/reopen`, { actor: 'lead' })).status).toBe(409);
      const resolved = await call('POST', `/v1/alerts/${alertId}/resolve`, { actor: 'ana', note: 'called' });
      expect(resolved.body.state).toBe('resolved');
      const reopened = await call('POST', `/v1/alerts/${alertId}/reopen`, { actor: 'lead', note: 'wrote again' });
      expect(reopened.status).toBe(200);
      expect(reopened.body).toMatchObject({ state: 'open', resolution: null, resolved_at: null });
      const comment = await call('POST', `/v1/alerts/${alertId}/comments`, {
        author: 'ana',
        body: 'Calling back at 5',
      });
      expect(comment.status).toBe(201);
      expect(comment.body).toMatchObject({ author: 'ana', body: 'Calling back at 5' });
      const noBody = await call('POST', `/v1/alerts/${alertId}/comments`, { author: 'ana' });
      expect(noBody.status).toBe(400);
      expect(noBody.body.error).toMatchObject({ code: 'ALERT_INVALID_REQUEST', path: 'body' });

      const detail = await call('GET', `/v1/alerts/${alertId}`);
      expect(detail.body.state).toBe('open');
      expect(detail.body.comments).toEqual([
        { id: comment.body.id, author: 'ana', body: 'Calling back at 5', created_at: comment.body.created_at },
      ]);
      expect(detail.body.history.map((h: Json) => h.type)).toEqual(['raised', 'resolved', 'reopened', 'commented']);
      const [row]: Array<{ state: string; resolved_at: Date | null }> = await db.dataSource.query(
        `SELECT state, resolved_at FROM alerts WHERE id = $1`,
        [alertId],
      );
      expect(row).toEqual({ state: 'open', resolved_at: null });
      expect((await call('POST', `/v1/alerts/al_nope/comments`, { author: 'a', body: 'b' })).status).toBe(404);
    });
  });

  describe('customers', () => {
    beforeAll(async () => {
      await db.dataSource.query(
        `INSERT INTO customers (id, email, name, locale, first_seen_at, last_seen_at, event_count) VALUES
           ('cus_search_1', 'Maria.Lopez@example.com', 'María López', 'es', now() - interval '2 days', now() - interval '1 day', 3),
           ('cus_search_2', 'mario@example.org', 'Mario Rossi', 'it', now() - interval '3 days', now(), 1),
           ('cus_other_3', 'zed@example.net', 'Zed 100%_sure', 'en', now(), now(), 0)`,
      );
      await db.dataSource.query(
        `INSERT INTO journey_instances (id, flow_id, flow_version, customer_id, entry_key, status, current_step, state, entered_at, updated_at)
         VALUES ('jrn_search_1', 'smot-onboarding', 'abc', 'cus_search_1', 'ord_9', 'waiting', 'wait-first-use', '{}'::jsonb, now(), now())`,
      );
    });

    it('searches by id, email prefix and name, paged', async () => {
      const byEmail = await call('GET', '/v1/customers?query=mari');
      expect(byEmail.body.customers.map((c: Json) => c.id)).toEqual(['cus_search_2', 'cus_search_1']);
      expect(byEmail.body.total).toBe(2);
      const paged = await call('GET', '/v1/customers?query=mari&limit=1&offset=1');
      expect(paged.body).toMatchObject({ total: 2, limit: 1, offset: 1 });
      expect(paged.body.customers.map((c: Json) => c.id)).toEqual(['cus_search_1']);
      expect((await call('GET', '/v1/customers?query=rossi')).body.customers.map((c: Json) => c.id)).toEqual([
        'cus_search_2',
      ]);
      expect((await call('GET', '/v1/customers?query=cus_other')).body.customers.map((c: Json) => c.id)).toEqual([
        'cus_other_3',
      ]);
      // LIKE wildcards in the query match themselves.
      expect((await call('GET', '/v1/customers?query=%25')).body.customers).toEqual([]);
      expect((await call('GET', '/v1/customers?limit=0')).status).toBe(400);
    });

    it('reads a profile and the journeys of a customer', async () => {
      const profile = await call('GET', '/v1/customers/cus_search_1');
      expect(profile.body).toMatchObject({
        id: 'cus_search_1',
        email: 'Maria.Lopez@example.com',
        name: 'María López',
        journeys: { total: 1, open: 1 },
        open_alerts: 0,
      });
      const journeys = await call('GET', '/v1/customers/cus_search_1/journeys');
      expect(journeys.body.journeys).toEqual([
        expect.objectContaining({
          id: 'jrn_search_1',
          flow: { id: 'smot-onboarding', version: 'abc' },
          status: 'waiting',
          current_step: 'wait-first-use',
        }),
      ]);
      expect((await call('GET', '/v1/customers/nobody')).status).toBe(404);
      expect((await call('GET', '/v1/customers/nobody/journeys')).status).toBe(404);
    });
  });

  it('lists deliveries by outcome and names a bad query parameter', async () => {
    expect(await call('GET', '/v1/deliveries?outcome=unknown')).toEqual({
      status: 200,
      body: { outcome: 'unknown', deliveries: [] },
    });
    const bad = await call('GET', '/v1/deliveries?outcome=lost&limit=9999');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'DELIVERY_INVALID_QUERY', path: 'outcome' });
    expect(bad.body.error.fields.map((f: Json) => f.path)).toEqual(['outcome', 'limit']);
  });
});

/**
 * `GET /v1/kpis` on a grown database: 1,000,000 activity rows (100,000 journeys of the shipped
 * smot-onboarding flow, ten records each, spread over the last 365 days: the activity a shop keeps
 * under the default retention of 400 days), with deliveries, inbox events and survey answers to
 * match, loaded with `INSERT ... SELECT generate_series` (no per-row round trip). The gateway runs in
 * this process against the bench database; the phase times several calls per window and reports
 * p50 / p95. The KPI queries are indexed reads of the period asked for (no rollup tables), so the
 * 30-day default reads about a twelfth of the rows and the 365-day window all of them.
 */
import { randomUUID } from 'node:crypto';
import { AppConfig, startApp } from '@postventa/platform';
import { gatewayApp } from '../apps/gateway/src/gateway.module';
import type { BenchStack } from './bench-stack';
import { latencyFields, type Row, timed } from './report';

const JOURNEYS_PER_ROW_BLOCK = 10;
const DAYS = 365;

export interface KpisPhaseOptions {
  activityRows: number;
  /** Timed calls per window (after two warm-up calls). */
  calls: number;
}

export async function kpisPhase(stack: BenchStack, options: KpisPhaseOptions): Promise<Row[]> {
  const seeded = await timed(() => seedKpiFacts(stack, options.activityRows));
  const adminKey = `bench-admin-${randomUUID()}`;
  const gateway = await startApp(
    gatewayApp,
    AppConfig.fromEnvironment({ ...process.env, ...stack.env, ADMIN_API_KEYS: adminKey, GATEWAY_PORT: '0' }),
  );
  const rows: Row[] = [
    {
      phase: 'kpis',
      name: 'kpis: seed activity',
      items: options.activityRows,
      seconds: seeded.seconds,
      perSecond: options.activityRows / seeded.seconds,
      note: 'activity + deliveries, inbox events, survey answers; then VACUUM ANALYZE',
    },
  ];
  try {
    const windows: Array<[string, string]> = [
      ['30 days (default)', ''],
      ['30 days, one flow', 'flow=smot-onboarding'],
      ['30 days, by week', 'bucket=week'],
      ['90 days', `from=${daysAgo(90)}`],
      ['365 days', `from=${daysAgo(365)}`],
    ];
    for (const [label, query] of windows) {
      const call = async () => {
        const response = await fetch(`${gateway.url}/v1/kpis?${query}`, {
          headers: { authorization: `Bearer ${adminKey}` },
        });
        if (response.status !== 200)
          throw new Error(`GET /v1/kpis?${query}: ${response.status} ${await response.text()}`);
        return (await response.json()) as { funnel: { journeys_entered: number } };
      };
      await call();
      const warm = await call();
      const latencies: number[] = [];
      const started = Date.now();
      for (let i = 0; i < options.calls; i++) latencies.push((await timed(call)).seconds * 1000);
      const seconds = (Date.now() - started) / 1000;
      rows.push({
        phase: 'kpis',
        name: `GET /v1/kpis ${label}`,
        items: options.calls,
        seconds,
        perSecond: options.calls / seconds,
        note: `${options.activityRows.toLocaleString('en')} activity rows; ${warm.funnel.journeys_entered.toLocaleString('en')} journeys in the window`,
        ...latencyFields(latencies),
      });
    }
  } finally {
    await gateway.app.close();
  }
  return rows;
}

function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000 + 60_000).toISOString();
}

/**
 * Journey g (0..n/10): entered at a time spread over the last 365 days, then nine records through
 * the flow's first steps (each step waiting then completed for the waits), a conversion for every
 * third journey, an exit for every second. Deliveries: one per journey for its first email step;
 * inbox: order placed / delivered / first used; survey answers for every fifth journey.
 */
export async function seedKpiFacts(stack: BenchStack, activityRows: number): Promise<void> {
  const journeys = Math.ceil(activityRows / JOURNEYS_PER_ROW_BLOCK);
  const chunk = 20_000;
  const at = `now() - ((g % ${DAYS}) * interval '1 day') - ((g * 7919) % 86400) * interval '1 second'`;
  for (let from = 0; from < journeys; from += chunk) {
    const to = Math.min(journeys, from + chunk) - 1;
    await stack.db.query(
      `WITH flow AS (
         SELECT number, array_agg(s->>'id' ORDER BY ord) AS steps
           FROM flow_versions, jsonb_array_elements(definition->'steps') WITH ORDINALITY AS e(s, ord)
          WHERE flow_id = 'smot-onboarding' GROUP BY number ORDER BY number DESC LIMIT 1),
       j AS (SELECT g, ${at} AS entered_at FROM generate_series($1::int, $2::int) AS g)
       INSERT INTO activity (id, type, customer_id, journey_id, flow_id, flow_version, step_id, outcome, occurred_at, data)
       SELECT 'bench-act-' || j.g || '-' || k,
              CASE WHEN k = 0 THEN 'journey.entered'
                   WHEN k = 9 AND j.g % 3 = 0 THEN 'journey.converted'
                   WHEN k = 9 THEN 'journey.exited'
                   ELSE 'journey.step' END,
              'bench-cus-' || j.g, 'bench-journey-' || j.g, 'smot-onboarding', flow.number,
              flow.steps[1 + least((k + 1) / 2, 5)],
              CASE WHEN k = 0 THEN NULL
                   WHEN k = 9 AND j.g % 3 = 0 THEN NULL
                   WHEN k = 9 THEN (ARRAY['completed', 'cancelled', 'timed_out'])[1 + j.g % 3]
                   WHEN k % 2 = 1 THEN 'waiting'
                   ELSE 'completed' END,
              j.entered_at + k * interval '7 minutes',
              CASE WHEN k = 9 AND j.g % 3 = 0 THEN '{"goal": "first-use"}'::jsonb ELSE '{}'::jsonb END
         FROM j, flow, generate_series(0, 9) AS k`,
      [from, to],
    );
    await stack.db.query(
      `INSERT INTO deliveries (command_id, command_type, customer_id, category, template, command, status, message_id, locale,
                               created_at, updated_at, sent_at)
       SELECT 'bench-cmd-' || g, 'email.send', 'bench-cus-' || g, 'transactional', 'order-confirmation',
              jsonb_build_object('flow', jsonb_build_object('id', 'smot-onboarding', 'version', 1), 'step_id', 'order-confirmation'),
              CASE WHEN g % 50 = 0 THEN 'failed' ELSE 'sent' END, 'bench-msg-' || g, (ARRAY['es', 'en', 'pt'])[1 + g % 3],
              ${at}, ${at}, ${at}
         FROM generate_series($1::int, $2::int) AS g`,
      [from, to],
    );
    await stack.db.query(
      `INSERT INTO inbox_events (event_id, type, source, customer_id, event_time, envelope)
       SELECT 'bench-evt-' || g || '-' || t, t, 'bench', 'bench-cus-' || g,
              ${at} + (CASE t WHEN 'order.placed' THEN 0 WHEN 'order.delivered' THEN 2 ELSE 3 + g % 20 END) * interval '1 day',
              jsonb_build_object('data', jsonb_build_object('order_id', 'bench-order-' || g, 'command_id', 'bench-cmd-' || g))
         FROM generate_series($1::int, $2::int) AS g,
              unnest(ARRAY['order.placed', 'order.delivered', 'product.first_used', 'email.opened']) AS t
        WHERE t <> 'product.first_used' OR g % 4 <> 0`,
      [from, to],
    );
    await stack.db.query(
      `INSERT INTO survey_answers (survey_id, customer_id, kind, score, flow_id, flow_version, step_id, journey_id, first_answered_at, updated_at)
       SELECT 'bench-srv-' || g, 'bench-cus-' || g, 'nps', g % 11, 'smot-onboarding', 1, 'nps-survey', 'bench-journey-' || g,
              ${at} + interval '5 days', ${at} + interval '5 days'
         FROM generate_series($1::int, $2::int) AS g WHERE g % 5 = 0`,
      [from, to],
    );
  }
  await stack.db.query(
    `INSERT INTO journey_instances (id, flow_id, flow_version, customer_id, entry_key, status, state, entered_at, updated_at)
     SELECT 'bench-journey-' || g, 'smot-onboarding', 'bench', 'bench-cus-' || g, 'bench-order-' || g, 'completed', '{}'::jsonb,
            now(), now()
       FROM generate_series(0, $1::int - 1) AS g`,
    [journeys],
  );
  for (const table of ['activity', 'deliveries', 'inbox_events', 'survey_answers', 'journey_instances'])
    await stack.db.query(`VACUUM ANALYZE ${table}`);
}

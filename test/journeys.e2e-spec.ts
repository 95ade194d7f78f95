import { randomUUID } from 'node:crypto';
import { parseCommand } from '@postventa/contracts';
import { RunningApp } from '@postventa/platform';
import { Producer } from 'kafkajs';
import {
  domainEvent,
  produceEvents,
  SMOT_DETRACTOR_PATH,
  smotTestFlow,
  TopicReader,
  WireCommandView,
} from './support/journey-kit';
import { JourneyEngine } from './support/journey-engine';
import { TestDatabase } from './support/test-database';
import { eventually, isolatedTopics } from './support/test-apps';

const path = (commands: WireCommandView[]) => commands.map((c) => `${c.type} ${c.step_id}`);

describe('journeys on real Kafka and PostgreSQL (engine in this process)', () => {
  let db: TestDatabase;
  let engine: RunningApp;
  let producer: Producer;
  let commands: TopicReader;
  const topics = isolatedTopics();

  let harness: JourneyEngine | undefined;
  beforeAll(async () => {
    harness = await JourneyEngine.start(topics, { 'smot-test.yaml': smotTestFlow('PT2S') });
    ({ db, engine, producer, commands } = harness);
  });

  afterAll(() => harness?.stop());

  it('runs the SMOT path to a detractor and issues each command once, in order', async () => {
    const customer = `cus-smot-${randomUUID().slice(0, 8)}`;
    const order = `ord-${randomUUID().slice(0, 8)}`;
    const until = (n: number) => commands.waitFor<WireCommandView>(customer, (v) => v.length >= n);

    await produceEvents(producer, topics.TOPIC_COMMERCE, [
      domainEvent('order.placed', customer, {
        order_id: order,
        total: 129.9,
        currency: 'EUR',
        customer: { email: `${customer}@example.com`, locale: 'es' },
      }),
    ]);
    expect(path(await until(2))).toEqual(SMOT_DETRACTOR_PATH.slice(0, 2));

    await produceEvents(producer, topics.TOPIC_COMMERCE, [
      domainEvent('order.delivered', customer, { order_id: order }),
    ]);
    expect(path(await until(3))).toEqual(SMOT_DETRACTOR_PATH.slice(0, 3));

    const firstUse = Date.now();
    await produceEvents(producer, topics.TOPIC_USAGE, [
      domainEvent('product.first_used', customer, { order_id: order, product_id: 'kb-1' }),
    ]);
    const afterWait = await until(4);
    expect(path(afterWait)).toEqual(SMOT_DETRACTOR_PATH.slice(0, 4));
    // The survey waits PT2S after first use: it comes from a durable timer, not at once.
    expect(Date.now() - firstUse).toBeGreaterThanOrEqual(2000);

    const survey = afterWait[3];
    await produceEvents(producer, topics.TOPIC_FEEDBACK, [
      domainEvent('survey.answered', customer, {
        kind: 'nps',
        score: 3,
        survey_id: survey.survey!.survey_id,
        journey_id: survey.journey_id,
      }),
    ]);
    const all = await until(6);
    expect(path(all)).toEqual(SMOT_DETRACTOR_PATH);

    // Nothing else follows.
    await new Promise((r) => setTimeout(r, 1500));
    const final = commands.values<WireCommandView>(customer);
    expect(path(final)).toEqual(SMOT_DETRACTOR_PATH);
    expect(new Set(final.map((c) => c.command_id)).size).toBe(final.length);
    for (const raw of commands.messages.filter((m) => m.key === customer))
      expect(parseCommand(raw.value).ok).toBe(true);
    expect(
      final.every((c) => c.flow.id === 'smot-test' && c.flow.version === 1 && c.journey_id === survey.journey_id),
    ).toBe(true);
    expect(final.map((c) => c.template ?? c.survey?.kind ?? '')).toEqual([
      'order-confirmation',
      'what-to-expect',
      'usage-guide',
      'nps-survey',
      'detractor-apology',
      '',
    ]);

    // The state behind it: the journey ended, its wait timer fired once, the outbox is drained,
    // and activity was recorded for KPIs.
    const [journey] = await db.dataSource.query(
      `SELECT status, outcome, flow_version FROM journey_instances WHERE customer_id = $1`,
      [customer],
    );
    expect(journey).toMatchObject({ status: 'completed', outcome: 'completed' });
    const timers: Array<{ step_id: string; status: string }> = await db.dataSource.query(
      `SELECT step_id, status FROM journey_timers WHERE customer_id = $1 ORDER BY created_at`,
      [customer],
    );
    expect(timers.filter((t) => t.step_id === 'wait-before-survey')).toEqual([
      { step_id: 'wait-before-survey', status: 'fired' },
    ]);
    expect(timers.filter((t) => t.status === 'pending')).toEqual([]);
    const backlog = await eventually(
      async () =>
        Number((await db.dataSource.query(`SELECT count(*) FROM outbox WHERE published_at IS NULL`))[0].count),
      (n) => n === 0,
    );
    expect(backlog).toBe(0);
    const activity: Array<{ type: string; count: string }> = await db.dataSource.query(
      `SELECT type, count(*) FROM activity WHERE customer_id = $1 GROUP BY type ORDER BY type`,
      [customer],
    );
    expect(Object.fromEntries(activity.map((a) => [a.type, Number(a.count)]))).toMatchObject({
      'journey.entered': 1,
      'journey.converted': 1,
      'journey.exited': 1,
    });
  });

  it('ignores a replayed event, an event for a finished step and events out of order', async () => {
    const customer = `cus-odd-${randomUUID().slice(0, 8)}`;
    const order = `ord-${randomUUID().slice(0, 8)}`;
    const placed = domainEvent('order.placed', customer, { order_id: order });
    // Delivered "before" it was placed (clock skew at the platform), then placed, then placed again.
    const early = domainEvent(
      'order.delivered',
      customer,
      { order_id: order },
      undefined,
      new Date(Date.now() - 60_000).toISOString(),
    );
    await produceEvents(producer, topics.TOPIC_COMMERCE, [early]);
    await produceEvents(producer, topics.TOPIC_COMMERCE, [placed, placed]);
    await produceEvents(producer, topics.TOPIC_COMMERCE, [domainEvent('order.placed', customer, { order_id: order })]);
    const seen = await commands.waitFor<WireCommandView>(customer, (v) => v.length >= 2);
    await new Promise((r) => setTimeout(r, 1500));
    expect(path(commands.values<WireCommandView>(customer))).toEqual(SMOT_DETRACTOR_PATH.slice(0, 2));
    expect(seen).toHaveLength(2);
    const journeys = await db.dataSource.query(
      `SELECT status, current_step FROM journey_instances WHERE customer_id = $1`,
      [customer],
    );
    expect(journeys).toEqual([{ status: 'waiting', current_step: 'wait-delivery' }]);
  });

  it('reports scheduler lag and outbox backlog on /metrics and both loops on /health', async () => {
    const text = await (await fetch(`${engine.url}/metrics`)).text();
    expect(text).toMatch(/postventa_outbox_backlog\{measure="rows"\} \d+/);
    expect(text).toMatch(/postventa_scheduler_lag_seconds \d+/);
    expect(text).toContain('postventa_outbox_published_total');
    const health = (await (await fetch(`${engine.url}/health`)).json()) as {
      status: string;
      checks: Record<string, { status: string }>;
    };
    expect(health.status).toBe('ok');
    expect(health.checks['outbox-relay'].status).toBe('up');
    expect(health.checks['timer-scheduler'].status).toBe('up');
  });
});

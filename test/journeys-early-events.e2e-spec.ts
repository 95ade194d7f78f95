import { randomUUID } from 'node:crypto';
import { Producer } from 'kafkajs';
import { domainEvent, produceEvents, TopicReader, WireCommandView } from './support/journey-kit';
import { JourneyEngine } from './support/journey-engine';
import { TestDatabase } from './support/test-database';
import { eventually, isolatedTopics } from './support/test-apps';

/**
 * The shipped SMOT flow's first-use part with test-sized waits: five days to first use become
 * three seconds, then the "need help?" email and the at-risk alert; after first use, a short wait
 * and the survey, which ends the journey.
 */
const FLOW = `id: early-first-use
name: First use before delivery
trigger:
  event: order.placed
  condition: has(event.data.order_id)
entry:
  key: order
goals:
  - id: first-use
    event: product.first_used
    condition: "!has(event.data.order_id) || event.data.order_id == journey.order_id"
    within: P14D
steps:
  - id: order-confirmation
    type: email
    template: order-confirmation
    category: transactional
    moment: fmot
  - id: what-to-expect
    type: email
    template: what-to-expect
    category: transactional
    moment: fmot
  - id: wait-delivery
    type: wait_for
    event: order.delivered
    condition: event.data.order_id == journey.order_id
    timeout: P14D
    on_event: usage-guide
    on_timeout: end
  - id: usage-guide
    type: email
    template: usage-guide
    category: transactional
    moment: smot
  - id: wait-first-use
    type: wait_for
    event: product.first_used
    condition: "!has(event.data.order_id) || event.data.order_id == journey.order_id"
    timeout: PT3S
    on_event: wait-before-survey
    on_timeout: first-use-help
    moment: smot
  - id: first-use-help
    type: email
    template: first-use-help
    category: transactional
    moment: smot
  - id: no-first-use-alert
    type: alert
    severity: medium
    reason: no_first_use
    route: support
    moment: smot
    next: end
  - id: wait-before-survey
    type: wait
    duration: PT1S
    moment: smot
  - id: nps-survey
    type: survey
    kind: nps
    template: nps-survey
    moment: smot
`;

const path = (commands: WireCommandView[]) => commands.map((c) => `${c.type} ${c.step_id}`);

describe('a wait_for step counts an event that came before the journey reached it (real engine)', () => {
  let db: TestDatabase;
  let producer: Producer;
  let commands: TopicReader;
  const topics = isolatedTopics();

  let harness: JourneyEngine | undefined;
  beforeAll(async () => {
    harness = await JourneyEngine.start(topics, { 'early-first-use.yaml': FLOW });
    ({ db, producer, commands } = harness);
  });

  afterAll(() => harness?.stop());

  const journeyOf = async (customer: string) =>
    (
      await db.dataSource.query(
        `SELECT status, outcome, current_step, state FROM journey_instances WHERE customer_id = $1`,
        [customer],
      )
    )[0] as
      | {
          status: string;
          outcome: string | null;
          current_step: string;
          state: { early_events?: Array<{ id: string; type: string }> };
        }
      | undefined;

  it('first use reported before delivery: no first-use nudge, no at-risk alert, the survey follows', async () => {
    const customer = `cus-early-${randomUUID().slice(0, 8)}`;
    const order = `ord-${randomUUID().slice(0, 8)}`;
    await produceEvents(producer, topics.TOPIC_COMMERCE, [
      domainEvent('order.placed', customer, { order_id: order, customer: { email: `${customer}@example.com` } }),
    ]);
    await commands.waitFor<WireCommandView>(customer, (v) => v.length >= 2);

    // The usage platform reports first use while the carrier has not reported the delivery yet.
    const used = domainEvent('product.first_used', customer, { order_id: order, product_id: 'kb-1' });
    await produceEvents(producer, topics.TOPIC_USAGE, [used]);
    const waiting = await eventually(
      () => journeyOf(customer),
      (j) => (j?.state.early_events ?? []).length > 0,
    );
    expect(waiting).toMatchObject({ status: 'waiting', current_step: 'wait-delivery' });
    expect(waiting?.state.early_events?.map((e) => e.id)).toEqual([used.id]);

    await produceEvents(producer, topics.TOPIC_COMMERCE, [
      domainEvent('order.delivered', customer, { order_id: order }),
    ]);
    const ended = await eventually(
      () => journeyOf(customer),
      (j) => j?.status === 'completed',
    );
    expect(ended).toMatchObject({ status: 'completed', outcome: 'completed', current_step: 'nps-survey' });
    expect(ended?.state.early_events).toEqual([]);

    const sent = await commands.waitFor<WireCommandView>(customer, (v) => v.length >= 4);
    expect(path(sent)).toEqual([
      'email.send order-confirmation',
      'email.send what-to-expect',
      'email.send usage-guide',
      'survey.send nps-survey',
    ]);
    const timers: Array<{ step_id: string; status: string }> = await db.dataSource.query(
      `SELECT step_id, status FROM journey_timers WHERE customer_id = $1 ORDER BY created_at`,
      [customer],
    );
    expect(timers.filter((t) => t.step_id === 'wait-first-use')).toEqual([]);
    expect(timers.filter((t) => t.status === 'pending')).toEqual([]);
    const steps: Array<{ step_id: string; outcome: string; data: Record<string, unknown> }> = await db.dataSource.query(
      `SELECT step_id, outcome, data FROM activity WHERE customer_id = $1 AND type = 'journey.step' AND step_id = 'wait-first-use'`,
      [customer],
    );
    expect(steps).toEqual([
      expect.objectContaining({
        outcome: 'completed',
        data: expect.objectContaining({ early: true, event_id: used.id, event_type: 'product.first_used' }),
      }),
    ]);
  });

  it('without first use, the same flow sends the nudge and raises the alert once the wait times out', async () => {
    const customer = `cus-late-${randomUUID().slice(0, 8)}`;
    const order = `ord-${randomUUID().slice(0, 8)}`;
    await produceEvents(producer, topics.TOPIC_COMMERCE, [
      domainEvent('order.placed', customer, { order_id: order, customer: { email: `${customer}@example.com` } }),
    ]);
    await commands.waitFor<WireCommandView>(customer, (v) => v.length >= 2);
    await produceEvents(producer, topics.TOPIC_COMMERCE, [
      domainEvent('order.delivered', customer, { order_id: order }),
    ]);
    const sent = await commands.waitFor<WireCommandView>(customer, (v) => v.length >= 5);
    expect(path(sent)).toEqual([
      'email.send order-confirmation',
      'email.send what-to-expect',
      'email.send usage-guide',
      'email.send first-use-help',
      'alert.raise no-first-use-alert',
    ]);
  });
});

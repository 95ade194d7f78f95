import { readFileSync } from 'node:fs';
import { DOMAIN_EVENT_TYPES, makeEvent, sampleEvent, type EventEnvelope } from '@postventa/contracts';
import { advance, loadFlowFromYaml, type CompiledFlow, type JourneyInstance } from '@postventa/journeys';
import { FlowCatalog } from '../flows/flow-catalog';
import { timerEventId } from '../timers/timer-firing';
import { mayReactTo, planJourneyBatch, type JourneyBatchInput } from './journey-batch.planner';

function flow(yaml: string): CompiledFlow {
  const loaded = loadFlowFromYaml(yaml, 'test.yaml');
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('; '));
  return loaded.flow;
}

const orderFlow = (template: string, extra = '') =>
  flow(`id: orders
name: Orders
trigger:
  event: order.placed
entry:
  key: order
  reentry: once
${extra}steps:
  - id: hello
    type: email
    template: ${template}
    category: marketing
  - id: wait-delivery
    type: wait_for
    event: order.delivered
    condition: event.data.order_id == journey.order_id
    timeout: P7D
    on_timeout: end
  - id: pause
    type: wait
    duration: PT1H
  - id: tag
    type: update
    set: { delivered: true }
    tags_add: [delivered]
  - id: bye
    type: email
    template: bye
    category: transactional
`);

const T0 = Date.parse('2026-01-10T10:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
let counter = 0;
function event(
  type: string,
  subject: string,
  data: Record<string, unknown>,
  seconds: number,
  id = `e${++counter}`,
): EventEnvelope {
  return makeEvent(type, subject, data, { id, time: at(seconds), source: 'test' });
}

function input(overrides: Partial<JourneyBatchInput> & Pick<JourneyBatchInput, 'events'>): JourneyBatchInput {
  const v1 = orderFlow('hello');
  return {
    instances: [],
    catalog: new FlowCatalog([v1], [{ flow: v1, number: 1 }]),
    customers: new Map(),
    sendHistory: new Map(),
    now: new Date(T0 + 60_000),
    ...overrides,
  };
}

describe('planJourneyBatch', () => {
  it("handles one customer's events in time order, whatever order they arrived in", () => {
    const placed = event('order.placed', 'c1', { order_id: 'o1' }, 0);
    const delivered = event('order.delivered', 'c1', { order_id: 'o1' }, 10);
    const plan = planJourneyBatch(input({ events: [delivered, placed] }));
    expect(plan.commands.map((c) => c.value.step_id)).toEqual(['hello']);
    expect(plan.instances).toHaveLength(1);
    // The delivery came after the order: the journey moved on to the one-hour pause.
    expect(plan.instances[0]).toMatchObject({ status: 'waiting', current_step: 'pause' });
    // The wait-for timeout set by the order and cleared by the delivery in the same batch is never stored.
    expect(plan.timers.map((t) => t.step_id)).toEqual(['pause']);
    expect(plan.cancelTimers).toEqual([]);
    expect(plan.activity.every((a) => a.input_id === placed.id || a.input_id === delivered.id)).toBe(true);
  });

  it('keeps customers apart and starts one journey per order', () => {
    const plan = planJourneyBatch(
      input({
        events: [
          event('order.placed', 'c1', { order_id: 'o1' }, 0),
          event('order.placed', 'c2', { order_id: 'o2' }, 0),
          event('order.placed', 'c1', { order_id: 'o3' }, 1),
          event('order.placed', 'c1', { order_id: 'o1' }, 2),
        ],
      }),
    );
    expect(plan.instances.map((j) => `${j.customer_id}/${j.entry_key}`).sort()).toEqual(['c1/o1', 'c1/o3', 'c2/o2']);
    expect(new Set(plan.commands.map((c) => c.value.command_id)).size).toBe(3);
  });

  it('an ended journey given only by its identity still decides re-entry (once per order) and takes no input', () => {
    const v1 = orderFlow('hello');
    const catalog = new FlowCatalog([v1], [{ flow: v1, number: 1 }]);
    const placed = event('order.placed', 'c1', { order_id: 'o1' }, 0);
    const first = planJourneyBatch(input({ catalog, events: [placed] }));
    const j = first.instances[0];
    const ended = {
      id: j.id,
      flow: j.flow,
      customer_id: j.customer_id,
      entry_key: j.entry_key,
      status: 'completed' as const,
    };
    const again = planJourneyBatch(
      input({
        catalog,
        ended: [ended],
        events: [
          event('order.placed', 'c1', { order_id: 'o1' }, 20),
          event('order.delivered', 'c1', { order_id: 'o1' }, 21),
        ],
      }),
    );
    expect(again.instances).toEqual([]);
    expect(again.commands).toEqual([]);
    const other = planJourneyBatch(
      input({ catalog, ended: [ended], events: [event('order.placed', 'c1', { order_id: 'o2' }, 22)] }),
    );
    expect(other.instances.map((x) => x.entry_key)).toEqual(['o2']);
  });

  it('advances a journey on the version it started on, and starts new ones on the newest', () => {
    const v1 = orderFlow('hello');
    const v2 = orderFlow('hello-v2');
    const first = planJourneyBatch(
      input({
        events: [event('order.placed', 'c1', { order_id: 'o1' }, 0)],
        catalog: new FlowCatalog([v1], [{ flow: v1, number: 1 }]),
      }),
    );
    const running = first.instances[0];
    const catalog = new FlowCatalog(
      [v2],
      [
        { flow: v1, number: 1 },
        { flow: v2, number: 2 },
      ],
    );
    const plan = planJourneyBatch(
      input({
        instances: [running],
        catalog,
        events: [
          event('order.delivered', 'c1', { order_id: 'o1' }, 30),
          event('order.placed', 'c1', { order_id: 'o2' }, 31),
        ],
      }),
    );
    const byOrder = new Map(plan.instances.map((j) => [j.entry_key, j]));
    expect(byOrder.get('o1')?.flow.version).toBe(v1.version);
    expect(byOrder.get('o2')?.flow.version).toBe(v2.version);
    expect(plan.commands.map((c) => `${c.value.step_id}@${c.value.flow.version === v1.version ? 1 : 2}`)).toEqual([
      'hello@2',
    ]);
    expect(plan.cancelTimers).toEqual([running.wait?.timer_id]);
  });

  it('fires a timer from a timer.fired event once; a stale or repeated firing changes nothing', () => {
    const v1 = orderFlow('hello');
    const catalog = new FlowCatalog([v1], [{ flow: v1, number: 1 }]);
    const started = planJourneyBatch(
      input({
        catalog,
        events: [
          event('order.placed', 'c1', { order_id: 'o1' }, 0),
          event('order.delivered', 'c1', { order_id: 'o1' }, 5),
        ],
      }),
    );
    const journey = started.instances[0];
    const timer = started.timers.find((t) => t.step_id === 'pause')!;
    const fired = (seq: number, id: string) =>
      makeEvent(
        'timer.fired',
        'c1',
        {
          timer_id: timer.timer_id,
          due_at: timer.due_at,
          journey_id: journey.id,
          step_id: 'pause',
          seq,
          purpose: 'wait',
        },
        { id, time: timer.due_at },
      );

    const stale = planJourneyBatch(
      input({ catalog, instances: [journey], events: [fired(timer.seq - 1, 'x')], now: new Date(timer.due_at) }),
    );
    expect(stale.instances).toEqual([]);

    const plan = planJourneyBatch(
      input({
        catalog,
        instances: [journey],
        events: [fired(timer.seq, timerEventId(timer.timer_id))],
        now: new Date(timer.due_at),
      }),
    );
    expect(plan.commands.map((c) => `${c.value.type} ${c.value.step_id}`)).toEqual([
      'profile.update tag',
      'email.send bye',
    ]);
    expect(plan.instances[0].status).toBe('completed');
    expect(plan.profiles.get('c1')).toMatchObject({ attributes: { delivered: true }, tags: ['delivered'] });

    const again = planJourneyBatch(
      input({ catalog, instances: plan.instances, events: [fired(timer.seq, 'y')], now: new Date(timer.due_at) }),
    );
    expect(again.instances).toEqual([]);
    expect(again.commands).toEqual([]);
  });

  it('reports an unreadable timer.fired and a journey whose flow version is not published, and goes on', () => {
    const v1 = orderFlow('hello');
    const started = planJourneyBatch(input({ events: [event('order.placed', 'c1', { order_id: 'o1' }, 0)] }));
    const orphan: JourneyInstance = { ...started.instances[0], flow: { id: 'orders', version: 'gone' } };
    const plan = planJourneyBatch(
      input({
        catalog: new FlowCatalog([v1], [{ flow: v1, number: 1 }]),
        instances: [orphan],
        events: [
          makeEvent('timer.fired', 'c1', { timer_id: 't', due_at: at(0) }, { id: 'tf', time: at(1) }),
          event('order.placed', 'c1', { order_id: 'o2' }, 2),
        ],
      }),
    );
    expect(plan.unreadableTimers).toEqual(['tf']);
    expect(plan.failures).toHaveLength(1);
    expect(plan.failures[0]).toMatchObject({ journey_id: orphan.id, flow_id: 'orders' });
    expect(plan.instances.map((j) => j.entry_key)).toEqual(['o2']);
  });

  it('counts sends across journeys of the batch for the frequency cap', () => {
    const capped = orderFlow(
      'hello',
      'policies:\n  frequency_cap: { max: 1, within: PT24H, categories: [marketing], action: skip }\n',
    );
    const catalog = new FlowCatalog([capped], [{ flow: capped, number: 1 }]);
    const plan = planJourneyBatch(
      input({
        catalog,
        events: [
          event('order.placed', 'c1', { order_id: 'o1' }, 0),
          event('order.placed', 'c1', { order_id: 'o2' }, 1),
        ],
        sendHistory: new Map(),
      }),
    );
    expect(plan.commands.map((c) => c.value.step_id)).toEqual(['hello']);
    expect(plan.sends).toHaveLength(1);
    expect(plan.sends[0]).toMatchObject({ customer_id: 'c1', category: 'marketing' });
    const history = new Map([['c2', [{ at: at(-60), category: 'marketing' as const }]]]);
    const later = planJourneyBatch(
      input({ catalog, events: [event('order.placed', 'c2', { order_id: 'o9' }, 0)], sendHistory: history }),
    );
    expect(later.commands).toEqual([]);
  });

  it('hands a journey an event a later wait_for waits for, even when it is neither goal nor exit', () => {
    // The journey waits for the delivery; the survey answer comes first (another topic, another order of arrival).
    const surveyed = flow(`id: surveyed
name: Surveyed
trigger:
  event: order.placed
entry:
  key: order
steps:
  - id: wait-delivery
    type: wait_for
    event: order.delivered
    condition: event.data.order_id == journey.order_id
  - id: wait-answer
    type: wait_for
    event: survey.answered
    timeout: P7D
    on_timeout: end
  - id: thanks
    type: email
    template: thanks
    category: transactional
`);
    const catalog = new FlowCatalog([surveyed], [{ flow: surveyed, number: 1 }]);
    const placed = event('order.placed', 'c1', { order_id: 'o1' }, 0);
    const answered = sampleEvent('survey.answered', { id: 'a1', subject: 'c1', time: at(5) });
    const waiting = planJourneyBatch(input({ events: [placed], catalog })).instances[0];
    const early = planJourneyBatch(input({ events: [answered], instances: [waiting], catalog }));
    expect(early.instances[0]?.early_events?.map((e) => e.id)).toEqual([answered.id]);
    const delivered = event('order.delivered', 'c1', { order_id: 'o1' }, 10);
    const done = planJourneyBatch(input({ events: [delivered], instances: early.instances, catalog }));
    expect(done.commands.map((c) => c.value.step_id)).toEqual(['thanks']);
  });

  it('skips only events the interpreter would ignore anyway (mayReactTo)', () => {
    const smot = flow(readFileSync('flows/smot-onboarding.yaml', 'utf8'));
    const placed = sampleEvent('order.placed', { id: 'p1', subject: 'c1', data: { order_id: 'o1' } });
    const started = planJourneyBatch(
      input({ events: [placed], catalog: new FlowCatalog([smot], [{ flow: smot, number: 1 }]) }),
    );
    const journey = started.instances[0];
    let skipped = 0;
    for (const type of DOMAIN_EVENT_TYPES) {
      if (mayReactTo(smot, journey, type)) continue;
      skipped += 1;
      const e = sampleEvent(type, { id: `x-${type}`, subject: 'c1' });
      expect({ type, same: advance(smot, journey, e, new Date(T0 + 120_000)).instance === journey }).toEqual({
        type,
        same: true,
      });
    }
    expect(skipped).toBeGreaterThan(5);
    expect(mayReactTo(smot, journey, 'order.delivered')).toBe(true);
    expect(mayReactTo(smot, journey, 'order.cancelled')).toBe(true);
    expect(mayReactTo(smot, journey, 'product.first_used')).toBe(true);
  });
});

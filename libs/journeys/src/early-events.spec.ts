import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JourneyCommand, JourneyStepActivity } from './commands';
import type { CompiledFlow } from './flow-compiler';
import { advance } from './interpreter';
import { startJourney } from './journey-entry';
import type { JourneyInstance } from './journey-instance';
import { firingOf, flowFromYaml, makeEvent } from './journey-test-kit';
import type { AdvanceResult } from './transition';

const T0 = '2025-03-03T10:00:00.000Z';
const at = (iso: string) => new Date(iso);
const customer = { id: 'cus-1', email: 'ana@example.com', locale: 'es', timezone: 'Europe/Madrid' };
const SMOT = flowFromYaml(readFileSync(join(__dirname, '../../../flows/smot-onboarding.yaml'), 'utf8'));

function start(flow: CompiledFlow, data: Record<string, unknown> = { order_id: 'o-1' }): AdvanceResult {
  const result = startJourney(flow, makeEvent('order.placed', T0, data, { id: 'evt-entry' }), at(T0), { customer });
  if (!result) throw new Error('journey did not start');
  return result;
}

function send(flow: CompiledFlow, instance: JourneyInstance, type: string, time: string, data = {}, id?: string) {
  return advance(flow, instance, makeEvent(type, time, data, { id }), at(time), { customer });
}

const templates = (commands: JourneyCommand[]) =>
  commands.map((c) => (c.type === 'alert.raise' ? `alert:${c.reason}` : 'template' in c ? c.template : c.type));
const steps = (result: AdvanceResult) =>
  result.activity.filter((a): a is JourneyStepActivity => a.type === 'journey.step');

describe('wait_for: an event that arrived before the journey reached the step', () => {
  it('SMOT: first use reported before delivery skips the first-use wait, its nudge and its alert', () => {
    const placed = start(SMOT);
    expect(placed.instance.wait).toMatchObject({ step_id: 'wait-delivery' });

    const used = send(SMOT, placed.instance, 'product.first_used', '2025-03-05T09:00:00Z', { order_id: 'o-1' }, 'u-1');
    expect(used.instance.current_step).toBe('wait-delivery');
    expect(used.commands).toEqual([]);
    expect(used.instance.early_events?.map((e) => e.id)).toEqual(['u-1']);

    const delivered = send(SMOT, used.instance, 'order.delivered', '2025-03-06T12:00:00Z', { order_id: 'o-1' });
    expect(templates(delivered.commands)).toEqual(['usage-guide']);
    expect(delivered.instance).toMatchObject({
      status: 'waiting',
      current_step: 'wait-before-survey',
      wait: { kind: 'delay', step_id: 'wait-before-survey' },
    });
    expect(delivered.instance.early_events).toEqual([]);
    expect(delivered.instance.last_event.id).toBe('u-1');
    expect(delivered.timers.map((t) => t.step_id)).toEqual(['wait-before-survey']);
    expect(delivered.cancel_timers).toEqual([placed.timers[0].timer_id]);
    const firstUse = steps(delivered).filter((a) => a.step_id === 'wait-first-use');
    expect(firstUse).toEqual([
      expect.objectContaining({
        step_type: 'wait_for',
        outcome: 'completed',
        reason: 'event',
        event_id: 'u-1',
        event_type: 'product.first_used',
        early: true,
        moment: 'smot',
      }),
    ]);
    expect(delivered.instance.visits.find((v) => v.step_id === 'wait-first-use')?.outcome).toBe('completed');

    // Three days later the survey goes out; the first-use nudge and the at-risk alert never do.
    const survey = advance(SMOT, delivered.instance, firingOf(delivered.timers[0]), at('2025-03-09T12:00:00Z'), {
      customer,
    });
    expect(templates(survey.commands)).toEqual(['nps-survey']);
    expect(survey.instance.current_step).toBe('wait-answer');
  });

  it('SMOT: without an early first use, the journey still waits for it after delivery', () => {
    const placed = start(SMOT);
    const delivered = send(SMOT, placed.instance, 'order.delivered', '2025-03-06T12:00:00Z', { order_id: 'o-1' });
    expect(delivered.instance.wait).toMatchObject({ kind: 'event', step_id: 'wait-first-use' });
    expect(delivered.instance.early_events).toBeUndefined();
  });

  it('SMOT: the first use of another order is not kept and does not count', () => {
    const placed = start(SMOT);
    const other = send(SMOT, placed.instance, 'order.delivered', '2025-03-04T09:00:00Z', { order_id: 'o-2' });
    expect(other.instance).toBe(placed.instance);
    const used = send(SMOT, placed.instance, 'product.first_used', '2025-03-05T09:00:00Z', { order_id: 'o-2' });
    expect(used.instance.early_events).toBeUndefined();
    const delivered = send(SMOT, used.instance, 'order.delivered', '2025-03-06T12:00:00Z', { order_id: 'o-1' });
    expect(delivered.instance.wait).toMatchObject({ kind: 'event', step_id: 'wait-first-use' });
  });

  it('an event that completed a live wait is not kept for a later wait of the same type', () => {
    const flow = flowFromYaml(`
id: twice
name: Two waits for the same event
trigger: { event: order.placed }
entry: { key: order }
steps:
  - id: first
    type: wait_for
    event: order.delivered
    timeout: P1D
    on_event: second
    on_timeout: end
  - id: second
    type: wait_for
    event: order.delivered
    timeout: P1D
    on_event: done
    on_timeout: end
  - id: done
    type: alert
    severity: low
    reason: delivered_twice
`);
    const placed = start(flow);
    const once = send(flow, placed.instance, 'order.delivered', '2025-03-03T11:00:00Z');
    expect(once.instance.wait).toMatchObject({ kind: 'event', step_id: 'second' });
    expect(once.instance.early_events).toBeUndefined();
    const twice = send(flow, once.instance, 'order.delivered', '2025-03-03T12:00:00Z');
    expect(templates(twice.commands)).toEqual(['alert:delivered_twice']);
  });

  it('an event delivered again is kept once, and not at all once it completed a wait', () => {
    const placed = start(SMOT);
    const used = send(SMOT, placed.instance, 'product.first_used', '2025-03-05T09:00:00Z', { order_id: 'o-1' }, 'u-1');
    const again = send(SMOT, used.instance, 'product.first_used', '2025-03-05T09:00:00Z', { order_id: 'o-1' }, 'u-1');
    expect(again.instance).toBe(used.instance);
    const delivered = send(SMOT, again.instance, 'order.delivered', '2025-03-06T12:00:00Z', { order_id: 'o-1' });
    expect(delivered.instance.early_events).toEqual([]);
    const late = send(
      SMOT,
      delivered.instance,
      'product.first_used',
      '2025-03-06T13:00:00Z',
      { order_id: 'o-1' },
      'u-1',
    );
    expect(late.instance.early_events).toEqual([]);
  });

  it('a kept event is consumed: a loop back to the same wait_for does not match it again', () => {
    const flow = flowFromYaml(`
id: loop
name: Loop over one wait
trigger: { event: order.placed }
entry: { key: order }
steps:
  - id: pause
    type: wait
    duration: PT1H
  - id: answer
    type: wait_for
    event: survey.answered
    timeout: PT1H
    on_event: thanks
    on_timeout: end
  - id: thanks
    type: alert
    severity: low
    reason: answered
    next: pause
`);
    const placed = start(flow);
    const early = send(flow, placed.instance, 'survey.answered', '2025-03-03T10:10:00Z', {}, 'a-1');
    expect(early.instance.early_events?.map((e) => e.id)).toEqual(['a-1']);
    const first = advance(flow, early.instance, firingOf(placed.timers[0]), at('2025-03-03T11:00:00Z'));
    expect(templates(first.commands)).toEqual(['alert:answered']);
    expect(first.instance.early_events).toEqual([]);
    expect(first.instance.wait).toMatchObject({ kind: 'delay', step_id: 'pause' });
    const second = advance(flow, first.instance, firingOf(first.timers[0]), at('2025-03-03T12:00:00Z'));
    expect(second.commands).toEqual([]);
    expect(second.instance.wait).toMatchObject({ kind: 'event', step_id: 'answer' });
  });

  it('keeps the latest three of a type and at most twenty in all, oldest first', () => {
    const types = Array.from({ length: 8 }, (_, i) => `signal.${i}`);
    const flow = flowFromYaml(`
id: many
name: Many waits
trigger: { event: order.placed }
entry: { key: order }
steps:
  - id: pause
    type: wait
    duration: P30D
${types.map((type, i) => `  - id: w${i}\n    type: wait_for\n    event: ${type}\n    timeout: PT1H\n`).join('')}`);
    let instance = start(flow).instance;
    let minute = 0;
    for (let round = 0; round < 4; round++)
      for (const type of types) {
        minute += 1;
        const time = new Date(Date.parse(T0) + minute * 60_000).toISOString();
        instance = send(flow, instance, type, time, {}, `${type}#${round}`).instance;
      }
    const kept = instance.early_events ?? [];
    expect(kept).toHaveLength(20);
    for (const type of types) expect(kept.filter((e) => e.type === type).length).toBeLessThanOrEqual(3);
    expect(kept[kept.length - 1].id).toBe('signal.7#3');
    expect(kept.filter((e) => e.type === 'signal.7').map((e) => e.id)).toEqual([
      'signal.7#1',
      'signal.7#2',
      'signal.7#3',
    ]);
    // An event no wait_for waits for is never kept.
    expect(send(flow, instance, 'noise', '2025-03-04T00:00:00Z').instance).toBe(instance);
  });

  it('a journey stored without early events keeps working', () => {
    const placed = start(SMOT);
    const { early_events: _none, ...stored } = placed.instance;
    const delivered = send(SMOT, stored as JourneyInstance, 'order.delivered', '2025-03-06T12:00:00Z', {
      order_id: 'o-1',
    });
    expect(delivered.instance.wait).toMatchObject({ kind: 'event', step_id: 'wait-first-use' });
  });

  it('does not change the instance it is given', () => {
    const placed = start(SMOT);
    const used = send(SMOT, placed.instance, 'product.first_used', '2025-03-05T09:00:00Z', { order_id: 'o-1' });
    const frozen = structuredClone(used.instance);
    send(SMOT, used.instance, 'order.delivered', '2025-03-06T12:00:00Z', { order_id: 'o-1' });
    expect(used.instance).toEqual(frozen);
    expect(placed.instance.early_events).toBeUndefined();
  });
});

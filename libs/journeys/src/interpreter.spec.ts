import type { AdvanceContext } from './events';
import type { CompiledFlow } from './flow-compiler';
import { advance } from './interpreter';
import { startJourney } from './journey-entry';
import { JourneyError } from './journey-errors';
import { firingOf, flowFromYaml, makeEvent } from './journey-test-kit';
import type { AdvanceResult } from './transition';

const T0 = '2025-03-03T10:00:00.000Z';
const at = (iso: string) => new Date(iso);
const customer = {
  id: 'cus-1',
  email: 'ana@example.com',
  locale: 'es',
  timezone: 'Europe/Madrid',
  attributes: { plan: 'pro' },
  tags: [],
};

function flowWith(steps: string, extra = ''): CompiledFlow {
  return flowFromYaml(
    `id: t\nname: T\ntrigger:\n  event: order.placed\nentry:\n  key: order\n${extra}steps:\n${steps}`,
  );
}

function start(
  flow: CompiledFlow,
  data: Record<string, unknown> = { order_id: 'o-1' },
  context: AdvanceContext = { customer },
): AdvanceResult {
  const result = startJourney(flow, makeEvent('order.placed', T0, data, { id: 'evt-entry' }), at(T0), context);
  if (!result) throw new Error('journey did not start');
  return result;
}

describe('advance: sending steps', () => {
  it('email.send carries the wire fields', () => {
    const flow = flowWith(
      '  - id: confirm\n    type: email\n    template: order-confirmation\n    category: transactional\n    moment: fmot\n    data: { promo: SPRING }\n',
    );
    const { instance, commands, activity } = start(flow, { order_id: 'o-1', total: 10 });
    expect(commands).toEqual([
      {
        command_id: `${instance.id}:confirm:1`,
        type: 'email.send',
        customer_id: 'cus-1',
        journey_id: instance.id,
        flow: { id: 't', version: flow.version },
        step_id: 'confirm',
        moment: 'fmot',
        issued_at: T0,
        order_id: 'o-1',
        locale: 'es',
        template: 'order-confirmation',
        category: 'transactional',
        to: 'ana@example.com',
        data: { order_id: 'o-1', total: 10, promo: 'SPRING' },
      },
    ]);
    expect(instance).toMatchObject({ status: 'completed', outcome: 'completed', entry_key: 'o-1', order_id: 'o-1' });
    expect(activity.map((a) => `${a.type}:${'outcome' in a ? a.outcome : ''}`)).toEqual([
      'journey.entered:',
      'journey.step:completed',
      'journey.exited:completed',
    ]);
    expect(activity[1]).toMatchObject({
      step_id: 'confirm',
      step_type: 'email',
      moment: 'fmot',
      command_id: commands[0].command_id,
      order_id: 'o-1',
    });
  });

  it('survey.send has a survey id equal to its command id', () => {
    const flow = flowWith('  - id: nps\n    type: survey\n    kind: nps\n    template: nps-survey\n    moment: smot\n');
    const [command] = start(flow).commands;
    expect(command).toMatchObject({
      type: 'survey.send',
      template: 'nps-survey',
      survey: { kind: 'nps', survey_id: command.command_id },
      moment: 'smot',
    });
  });

  it('alert.raise carries severity, reason, route and note', () => {
    const flow = flowWith(
      '  - id: risk\n    type: alert\n    severity: high\n    reason: detractor\n    route: support\n    note: call them\n',
    );
    expect(start(flow).commands[0]).toMatchObject({
      type: 'alert.raise',
      severity: 'high',
      reason: 'detractor',
      route: 'support',
      note: 'call them',
      data: { order_id: 'o-1' },
    });
  });
});

describe('advance: waits', () => {
  const steps =
    '  - id: pause\n    type: wait\n    duration: PT2S\n  - id: hello\n    type: alert\n    severity: low\n    reason: x\n';

  it('wait sets a timer and continues when it fires', () => {
    const flow = flowWith(steps);
    const first = start(flow);
    expect(first.instance.status).toBe('waiting');
    expect(first.timers).toEqual([
      expect.objectContaining({ step_id: 'pause', due_at: '2025-03-03T10:00:02.000Z', seq: 1 }),
    ]);
    const fired = advance(flow, first.instance, firingOf(first.timers[0]), at('2025-03-03T10:00:02Z'));
    expect(fired.commands.map((c) => c.step_id)).toEqual(['hello']);
    expect(fired.instance.status).toBe('completed');
  });

  it('a stale timer (wrong seq or id) changes nothing', () => {
    const flow = flowWith(steps);
    const first = start(flow);
    const stale = { ...firingOf(first.timers[0]), seq: 0 };
    const result = advance(flow, first.instance, stale, at('2025-03-03T10:00:05Z'));
    expect(result).toEqual({ instance: first.instance, commands: [], activity: [], timers: [], cancel_timers: [] });
    expect(
      advance(flow, first.instance, { ...firingOf(first.timers[0]), timer_id: 'other' }, at('2025-03-03T10:00:05Z'))
        .commands,
    ).toEqual([]);
  });

  it("until_time waits for the next local time of day in the customer's zone", () => {
    const flow = flowWith('  - id: morning\n    type: wait\n    until_time: "10:00"\n');
    const ny = { ...customer, timezone: 'America/New_York' };
    // 10:00Z is 05:00 in New York (EST): same day, 10:00 local = 15:00Z
    expect(start(flow, { order_id: 'o-1' }, { customer: ny }).timers[0].due_at).toBe('2025-03-03T15:00:00.000Z');
    // Madrid is 11:00 already: next day 10:00 local = 09:00Z
    expect(start(flow).timers[0].due_at).toBe('2025-03-04T09:00:00.000Z');
  });

  it('duration plus until_time waits the duration, then until the local time', () => {
    const flow = flowWith('  - id: later\n    type: wait\n    duration: P1D\n    until_time: "08:30"\n');
    expect(start(flow).timers[0].due_at).toBe('2025-03-05T07:30:00.000Z');
  });

  it('until waits for a date from the event, and goes on at once when it has passed', () => {
    const flow = flowWith('  - id: eta\n    type: wait\n    until: event.data.eta\n  - id: done\n    type: exit\n');
    expect(start(flow, { order_id: 'o-1', eta: '2025-03-06T12:00:00Z' }).timers[0].due_at).toBe(
      '2025-03-06T12:00:00.000Z',
    );
    const past = start(flow, { order_id: 'o-1', eta: '2025-03-01T12:00:00Z' });
    expect(past.timers).toEqual([]);
    expect(past.instance).toMatchObject({ status: 'completed', outcome: 'completed', exit_reason: 'exit_step' });
  });
});

describe('advance: wait_for', () => {
  const flow = flowWith(
    [
      '  - id: delivered',
      '    type: wait_for',
      '    event: order.delivered',
      '    condition: event.data.order_id == journey.order_id',
      '    timeout: P14D',
      '    on_event: guide',
      '    on_timeout: late',
      '  - id: late',
      '    type: alert',
      '    severity: medium',
      '    reason: delivery_delayed',
      '    next: end',
      '  - id: guide',
      '    type: email',
      '    template: usage-guide',
      '    category: transactional',
      '',
    ].join('\n'),
  );

  it('goes to on_event when a matching event arrives and cancels the timeout', () => {
    const first = start(flow);
    expect(first.instance.wait).toMatchObject({ kind: 'event', event_type: 'order.delivered' });
    const other = advance(
      flow,
      first.instance,
      makeEvent('order.delivered', '2025-03-04T10:00:00Z', { order_id: 'o-2' }),
      at('2025-03-04T10:00:00Z'),
    );
    expect(other.instance).toBe(first.instance);
    const result = advance(
      flow,
      first.instance,
      makeEvent('order.delivered', '2025-03-05T10:00:00Z', { order_id: 'o-1', carrier: 'ups' }),
      at('2025-03-05T10:00:00Z'),
    );
    expect(result.cancel_timers).toEqual([first.timers[0].timer_id]);
    expect(result.commands).toEqual([
      expect.objectContaining({ template: 'usage-guide', data: { order_id: 'o-1', carrier: 'ups' } }),
    ]);
  });

  it('goes to on_timeout when the timeout fires', () => {
    const first = start(flow);
    const result = advance(flow, first.instance, firingOf(first.timers[0]), at('2025-03-17T10:00:00Z'));
    expect(result.commands).toEqual([expect.objectContaining({ type: 'alert.raise', reason: 'delivery_delayed' })]);
    expect(result.instance.status).toBe('completed');
  });

  it('ignores events of other customers', () => {
    const first = start(flow);
    const result = advance(
      flow,
      first.instance,
      makeEvent('order.delivered', '2025-03-05T10:00:00Z', { order_id: 'o-1' }, { subject: 'cus-2' }),
      at('2025-03-05T10:00:00Z'),
    );
    expect(result.instance).toBe(first.instance);
  });
});

describe('advance: branch, split, update, exit', () => {
  it('branch takes the first true case, else the else target', () => {
    const flow = flowWith(
      '  - id: b\n    type: branch\n    cases:\n      - when: event.data.total > 100\n        next: big\n      - when: event.data.total > 10\n        next: mid\n    else: small\n' +
        '  - id: big\n    type: alert\n    severity: low\n    reason: big\n    next: end\n' +
        '  - id: mid\n    type: alert\n    severity: low\n    reason: mid\n    next: end\n' +
        '  - id: small\n    type: alert\n    severity: low\n    reason: small\n',
    );
    const reasonFor = (total: unknown) =>
      start(flow, { order_id: 'o-1', total }).commands.map((c) => (c.type === 'alert.raise' ? c.reason : ''));
    expect(reasonFor(500)).toEqual(['big']);
    expect(reasonFor(50)).toEqual(['mid']);
    expect(reasonFor(5)).toEqual(['small']);
    expect(reasonFor(undefined)).toEqual(['small']);
  });

  it('split is deterministic per journey and spreads by percentage', () => {
    const flow = flowWith(
      '  - id: ab\n    type: split\n    variants:\n      - { name: a, percent: 30, next: a }\n      - { name: b, percent: 70, next: b }\n' +
        '  - id: a\n    type: exit\n  - id: b\n    type: exit\n',
    );
    const variantOf = (i: number) => {
      const r = startJourney(flow, makeEvent('order.placed', T0, { order_id: `o-${i}` }, { id: `e-${i}` }), at(T0));
      const step = r?.activity.find((a) => a.type === 'journey.step' && a.step_id === 'ab');
      return step?.type === 'journey.step' ? step.reason : undefined;
    };
    expect(variantOf(1)).toBe(variantOf(1));
    const picks = Array.from({ length: 2000 }, (_, i) => variantOf(i));
    const share = picks.filter((p) => p === 'variant:a').length / picks.length;
    expect(share).toBeGreaterThan(0.25);
    expect(share).toBeLessThan(0.35);
  });

  it('update emits profile.update and later conditions see it', () => {
    const flow = flowWith(
      '  - id: tag\n    type: update\n    set: { lifecycle: onboarded }\n    tags_add: [vip]\n    tags_remove: [new]\n' +
        "  - id: check\n    type: branch\n    cases:\n      - when: \"'vip' in customer.tags && customer.attributes.lifecycle == 'onboarded'\"\n        next: yes\n    else: end\n" +
        '  - id: yes\n    type: alert\n    severity: low\n    reason: saw_update\n',
    );
    const { commands } = start(flow, { order_id: 'o-1' }, { customer: { ...customer, tags: ['new'] } });
    expect(commands[0]).toMatchObject({
      type: 'profile.update',
      attributes: { lifecycle: 'onboarded' },
      tags_add: ['vip'],
      tags_remove: ['new'],
    });
    expect(commands[1]).toMatchObject({ type: 'alert.raise', reason: 'saw_update' });
  });

  it('exit ends the journey and nothing is emitted afterwards', () => {
    const flow = flowWith('  - id: bye\n    type: exit\n    reason: done\n');
    const result = start(flow);
    expect(result.instance).toMatchObject({ status: 'completed', outcome: 'completed', exit_reason: 'done' });
    expect(advance(flow, result.instance, makeEvent('order.placed', T0, { order_id: 'o-1' }), at(T0)).commands).toEqual(
      [],
    );
  });
});

describe('advance: exit events and goals', () => {
  const flow = flowWith(
    '  - id: wait\n    type: wait\n    duration: P3D\n  - id: nudge\n    type: email\n    template: nudge\n    category: transactional\n',
    'exit_on:\n  - event: order.cancelled\n    condition: event.data.order_id == journey.order_id\ngoals:\n  - id: used\n    event: product.first_used\n    within: P2D\n',
  );

  it('an exit event ends the journey, cancels its timer, and a later firing does nothing', () => {
    const first = start(flow);
    const ignored = advance(
      flow,
      first.instance,
      makeEvent('order.cancelled', '2025-03-04T00:00:00Z', { order_id: 'other' }),
      at('2025-03-04T00:00:00Z'),
    );
    expect(ignored.instance).toBe(first.instance);
    const exited = advance(
      flow,
      first.instance,
      makeEvent('order.cancelled', '2025-03-04T00:00:00Z', { order_id: 'o-1' }),
      at('2025-03-04T00:00:00Z'),
    );
    expect(exited.instance).toMatchObject({ status: 'exited', outcome: 'cancelled', exit_reason: 'exit_event' });
    expect(exited.activity).toEqual([
      expect.objectContaining({
        type: 'journey.exited',
        outcome: 'cancelled',
        event_type: 'order.cancelled',
        step_id: 'wait',
      }),
    ]);
    expect(exited.cancel_timers).toEqual([first.timers[0].timer_id]);
    expect(advance(flow, exited.instance, firingOf(first.timers[0]), at('2025-03-06T10:00:00Z')).commands).toEqual([]);
  });

  it('a goal converts within its window, once, and not after it', () => {
    const first = start(flow);
    const converted = advance(
      flow,
      first.instance,
      makeEvent('product.first_used', '2025-03-04T00:00:00Z'),
      at('2025-03-04T00:00:00Z'),
    );
    expect(converted.activity).toEqual([
      expect.objectContaining({ type: 'journey.converted', goal: 'used', event_type: 'product.first_used' }),
    ]);
    expect(
      advance(
        flow,
        converted.instance,
        makeEvent('product.first_used', '2025-03-04T01:00:00Z'),
        at('2025-03-04T01:00:00Z'),
      ).activity,
    ).toEqual([]);
    expect(
      advance(flow, first.instance, makeEvent('product.first_used', '2025-03-06T00:00:00Z'), at('2025-03-06T00:00:00Z'))
        .activity,
    ).toEqual([]);
  });

  it('a goal with exit: true ends the journey as completed', () => {
    const exiting = flowWith(
      '  - id: wait\n    type: wait\n    duration: P3D\n',
      'goals:\n  - id: used\n    event: product.first_used\n    within: P2D\n    exit: true\n',
    );
    const first = start(exiting);
    const result = advance(
      exiting,
      first.instance,
      makeEvent('product.first_used', '2025-03-04T00:00:00Z'),
      at('2025-03-04T00:00:00Z'),
    );
    expect(result.instance).toMatchObject({
      status: 'completed',
      outcome: 'goal_reached',
      exit_reason: 'used',
      goals: [{ id: 'used', converted_at: '2025-03-04T00:00:00.000Z' }],
    });
    expect(result.cancel_timers).toEqual([first.timers[0].timer_id]);
  });

  it('refuses to run a journey on another flow version', () => {
    const other = flowWith('  - id: x\n    type: exit\n');
    expect(() => advance(other, start(flow).instance, makeEvent('x', T0), at(T0))).toThrow(JourneyError);
  });
});

describe('advance: policies', () => {
  const policies = (body: string) => `policies:\n${body}`;
  const marketing = '  - id: promo\n    type: email\n    template: promo\n    category: marketing\n';

  it('quiet hours defer a marketing email to the end of the window, with the same command id', () => {
    const flow = flowWith(marketing, policies('  quiet_hours:\n    start: "21:00"\n    end: "08:00"\n'));
    const late = '2025-03-03T22:30:00.000Z'; // 23:30 in Madrid
    const first = startJourney(flow, makeEvent('order.placed', late, { order_id: 'o-1' }), at(late), { customer });
    expect(first?.commands).toEqual([]);
    expect(first?.timers[0].due_at).toBe('2025-03-04T07:00:00.000Z'); // 08:00 Madrid
    const fired = advance(flow, first!.instance, firingOf(first!.timers[0]), at('2025-03-04T07:00:00Z'), { customer });
    expect(fired.commands).toEqual([
      expect.objectContaining({ command_id: `${first!.instance.id}:promo:1`, issued_at: '2025-03-04T07:00:00.000Z' }),
    ]);
  });

  it('quiet hours do not hold transactional email', () => {
    const flow = flowWith(
      marketing.replace('marketing', 'transactional'),
      policies('  quiet_hours:\n    start: "21:00"\n    end: "08:00"\n'),
    );
    const late = '2025-03-03T22:30:00.000Z';
    expect(
      startJourney(flow, makeEvent('order.placed', late, { order_id: 'o-1' }), at(late), { customer })?.commands,
    ).toHaveLength(1);
  });

  it('a full frequency cap defers until a slot frees up, or skips', () => {
    const history = [{ at: '2025-03-03T06:00:00.000Z', category: 'marketing' as const, flow_id: 'other' }];
    const defer = flowWith(marketing, policies('  frequency_cap:\n    max: 1\n    within: PT24H\n'));
    const deferred = start(defer, { order_id: 'o-1' }, { customer, sendHistory: history });
    expect(deferred.commands).toEqual([]);
    expect(deferred.timers[0].due_at).toBe('2025-03-04T06:00:00.000Z');
    expect(deferred.instance.wait).toMatchObject({ kind: 'defer', reason: 'frequency_cap' });

    const skip = flowWith(
      marketing + '  - id: after\n    type: alert\n    severity: low\n    reason: x\n',
      policies('  frequency_cap:\n    max: 1\n    within: PT24H\n    action: skip\n'),
    );
    const skipped = start(skip, { order_id: 'o-1' }, { customer, sendHistory: history });
    expect(skipped.commands.map((c) => c.type)).toEqual(['alert.raise']);
    expect(skipped.activity.find((a) => a.type === 'journey.step' && a.step_id === 'promo')).toMatchObject({
      outcome: 'skipped',
      reason: 'frequency_cap',
    });

    expect(
      start(defer, { order_id: 'o-1' }, { customer, sendHistory: [{ ...history[0], at: '2025-03-02T06:00:00.000Z' }] })
        .commands,
    ).toHaveLength(1);
  });

  it('the cap counts sends made earlier in the same transition', () => {
    const flow = flowWith(
      marketing + marketing.replace('id: promo', 'id: promo2'),
      policies('  frequency_cap:\n    max: 1\n    within: PT24H\n'),
    );
    const result = start(flow);
    expect(result.commands.map((c) => c.step_id)).toEqual(['promo']);
    expect(result.instance.wait).toMatchObject({ kind: 'defer', step_id: 'promo2' });
  });
});

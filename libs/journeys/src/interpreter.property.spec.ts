import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { JourneyCommand, TimerSpec } from './commands';
import type { EventEnvelope, JourneyInput, SendRecord } from './events';
import { EARLY_EVENTS_MAX, EARLY_EVENTS_PER_TYPE } from './early-events';
import type { CompiledFlow } from './flow-compiler';
import { advance } from './interpreter';
import { startJourney } from './journey-entry';
import { isEnded, type JourneyInstance } from './journey-instance';
import { firingOf, flowFromYaml } from './journey-test-kit';
import type { AdvanceResult } from './transition';

const LOOP_FLOW = flowFromYaml(`
id: loop
name: Loop with every step kind
trigger:
  event: order.placed
entry:
  key: order
exit_on:
  - event: order.cancelled
goals:
  - id: answered
    event: survey.answered
    within: PT6H
policies:
  frequency_cap: { max: 2, within: PT2H, categories: [marketing, survey] }
  quiet_hours: { start: "21:00", end: "08:00" }
steps:
  - id: hello
    type: email
    template: welcome
    category: marketing
  - id: ab
    type: split
    variants:
      - { name: a, percent: 50, next: ask }
      - { name: b, percent: 50, next: tag }
  - id: tag
    type: update
    tags_add: [b]
  - id: ask
    type: survey
    kind: nps
    template: nps-survey
  - id: answer
    type: wait_for
    event: survey.answered
    condition: event.data.score >= 0
    timeout: PT1H
    on_event: score
    on_timeout: pause
  - id: score
    type: branch
    cases:
      - when: event.data.score <= 6
        next: detractor
      - when: event.data.score >= 9
        next: end
    else: pause
  - id: detractor
    type: alert
    severity: high
    reason: detractor
  - id: pause
    type: wait
    duration: PT30M
    until_time: "09:00"
    next: hello
`);

const SMOT_FLOW = flowFromYaml(readFileSync(join(__dirname, '../../../flows/smot-onboarding.yaml'), 'utf8'));

type Action =
  | { kind: 'event'; type: string; score: number; order: string; dtMinutes: number }
  | { kind: 'fire-next' }
  | { kind: 'fire-any'; pick: number; dtMinutes: number };

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  fc.record({
    kind: fc.constant('event' as const),
    type: fc.constantFrom(
      'order.delivered',
      'product.first_used',
      'survey.answered',
      'order.cancelled',
      'order.refunded',
      'noise',
    ),
    score: fc.integer({ min: 0, max: 10 }),
    order: fc.constantFrom('o-1', 'o-2'),
    dtMinutes: fc.integer({ min: 0, max: 3 * 24 * 60 }),
  }),
  fc.constant({ kind: 'fire-next' as const }),
  fc.record({ kind: fc.constant('fire-any' as const), pick: fc.nat(), dtMinutes: fc.integer({ min: 0, max: 600 }) }),
);

interface Step {
  now: number;
  input: JourneyInput;
  result: AdvanceResult;
}

/** Drives one journey through a list of actions; returns every transition. */
function run(
  flow: CompiledFlow,
  actions: readonly Action[],
  startIso: string,
): { start: AdvanceResult; steps: Step[] } {
  const entry: EventEnvelope = {
    id: 'e-0',
    type: 'order.placed',
    source: 't',
    time: startIso,
    subject: 'cus-1',
    data: { order_id: 'o-1' },
  };
  const customer = { id: 'cus-1', email: 'c@example.com', timezone: 'America/Bogota', tags: [] as string[] };
  let clock = Date.parse(startIso);
  const start = startJourney(flow, entry, new Date(clock), { customer }) as AdvanceResult;
  let instance: JourneyInstance = start.instance;
  const sends: SendRecord[] = [];
  const allTimers: TimerSpec[] = [...start.timers];
  const pending = new Map(start.timers.map((t) => [t.timer_id, t]));
  const track = (r: AdvanceResult) => {
    for (const c of r.commands)
      if (c.type === 'email.send' || c.type === 'survey.send')
        sends.push({ at: c.issued_at, category: c.type === 'email.send' ? c.category : 'survey' });
    r.cancel_timers.forEach((id) => pending.delete(id));
    r.timers.forEach((t) => pending.set(t.timer_id, t));
    allTimers.push(...r.timers);
  };
  track(start);
  const steps: Step[] = [];
  actions.forEach((action, n) => {
    let input: JourneyInput;
    if (action.kind === 'event') {
      clock += action.dtMinutes * 60_000;
      const data =
        action.type === 'survey.answered'
          ? { score: action.score, journey_id: instance.id }
          : { order_id: action.order };
      input = {
        id: `e-${n + 1}`,
        type: action.type,
        source: 't',
        time: new Date(clock).toISOString(),
        subject: 'cus-1',
        data,
      };
    } else if (action.kind === 'fire-next') {
      const next = [...pending.values()].sort((a, b) => Date.parse(a.due_at) - Date.parse(b.due_at))[0];
      if (!next) return;
      pending.delete(next.timer_id);
      clock = Math.max(clock, Date.parse(next.due_at));
      input = firingOf(next);
    } else {
      if (allTimers.length === 0) return;
      clock += action.dtMinutes * 60_000;
      input = firingOf(allTimers[action.pick % allTimers.length]);
    }
    const now = clock;
    const result = advance(flow, instance, input, new Date(now), { customer, sendHistory: [...sends] });
    track(result);
    instance = result.instance;
    steps.push({ now, input, result });
  });
  return { start, steps };
}

const startArb = fc
  .integer({ min: Date.parse('2025-01-01T00:00:00Z'), max: Date.parse('2025-12-31T00:00:00Z') })
  .map((ms) => new Date(Math.floor(ms / 60_000) * 60_000).toISOString());
const flowArb = fc.constantFrom(LOOP_FLOW, SMOT_FLOW);
const params = { numRuns: 150 };

describe('interpreter properties', () => {
  it('never emits the same command id twice', () => {
    fc.assert(
      fc.property(flowArb, fc.array(actionArb, { maxLength: 60 }), startArb, (flow, actions, startIso) => {
        const { start, steps } = run(flow, actions, startIso);
        const ids = [start, ...steps.map((s) => s.result)].flatMap((r) =>
          r.commands.map((c: JourneyCommand) => c.command_id),
        );
        expect(new Set(ids).size).toBe(ids.length);
      }),
      params,
    );
  });

  it('emits nothing once the journey has ended', () => {
    fc.assert(
      fc.property(flowArb, fc.array(actionArb, { maxLength: 60 }), startArb, (flow, actions, startIso) => {
        const { start, steps } = run(flow, actions, startIso);
        let ended = isEnded(start.instance);
        for (const { result } of steps) {
          if (ended) {
            expect(result.commands).toEqual([]);
            expect(result.timers).toEqual([]);
            expect(result.activity).toEqual([]);
          }
          ended = isEnded(result.instance);
          if (ended) expect(result.instance.wait).toBeUndefined();
        }
      }),
      params,
    );
  });

  it('never sets a timer in the past, and seq only grows', () => {
    fc.assert(
      fc.property(flowArb, fc.array(actionArb, { maxLength: 60 }), startArb, (flow, actions, startIso) => {
        const { start, steps } = run(flow, actions, startIso);
        start.timers.forEach((t) => expect(Date.parse(t.due_at)).toBeGreaterThanOrEqual(Date.parse(startIso)));
        let seq = start.instance.seq;
        for (const { now, result } of steps) {
          result.timers.forEach((t) => expect(Date.parse(t.due_at)).toBeGreaterThanOrEqual(now));
          expect(result.instance.seq).toBeGreaterThanOrEqual(seq);
          seq = result.instance.seq;
        }
      }),
      params,
    );
  });

  it('an event completes at most one wait, and the kept events stay few', () => {
    fc.assert(
      fc.property(flowArb, fc.array(actionArb, { maxLength: 60 }), startArb, (flow, actions, startIso) => {
        const { start, steps } = run(flow, actions, startIso);
        const completedBy = [start, ...steps.map((s) => s.result)].flatMap((r) =>
          r.activity.flatMap((a) =>
            a.type === 'journey.step' && a.step_type === 'wait_for' && a.event_id ? [a.event_id] : [],
          ),
        );
        expect(new Set(completedBy).size).toBe(completedBy.length);
        for (const { result } of steps) {
          const kept = result.instance.early_events ?? [];
          expect(kept.length).toBeLessThanOrEqual(EARLY_EVENTS_MAX);
          const perType = new Map<string, number>();
          kept.forEach((e) => perType.set(e.type, (perType.get(e.type) ?? 0) + 1));
          perType.forEach((n) => expect(n).toBeLessThanOrEqual(EARLY_EVENTS_PER_TYPE));
        }
      }),
      params,
    );
  });

  it('is deterministic: the same inputs give the same outputs', () => {
    fc.assert(
      fc.property(flowArb, fc.array(actionArb, { maxLength: 40 }), startArb, (flow, actions, startIso) => {
        expect(run(flow, actions, startIso)).toEqual(run(flow, actions, startIso));
      }),
      { numRuns: 60 },
    );
  });

  it('does not mutate the instance it is given', () => {
    fc.assert(
      fc.property(flowArb, fc.array(actionArb, { maxLength: 30 }), startArb, (flow, actions, startIso) => {
        const { start, steps } = run(flow, actions, startIso);
        const frozen = structuredClone(start.instance);
        const input = steps[0]?.input;
        if (input) advance(flow, start.instance, input, new Date(steps[0].now));
        expect(start.instance).toEqual(frozen);
      }),
      { numRuns: 60 },
    );
  });
});

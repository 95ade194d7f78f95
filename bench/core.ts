/**
 * The in-process phase: contract parsing and the pure interpreter, no I/O. `advance()` is measured
 * directly (a driver that keeps each journey and its pending timers, nothing else) and through the
 * simulator (which adds its own bookkeeping: entries, descriptions, sorting).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEventMessage, sampleEvent } from '@postventa/contracts';
import {
  advance,
  loadFlowFromYaml,
  simulate,
  startJourney,
  type CompiledFlow,
  type EventEnvelope,
  type JourneyInstance,
  type SendRecord,
  type TimerSpec,
} from '@postventa/journeys';
import type { Row } from './report';

/**
 * Runs `fn` once to warm up, then measures a second run. The rate is per second of this process's
 * CPU time (user + system), not of wall time: on a shared machine the process may get a fraction
 * of a core, and these phases have no I/O to wait for. The wall time is in the note.
 */
function measureSync(name: string, items: number, note: string, fn: () => void): Row {
  fn(); // warm-up
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  fn();
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  const seconds = Math.max(1e-6, (used.user + used.system) / 1e6);
  return {
    phase: 'core',
    name,
    items,
    seconds,
    perSecond: items / seconds,
    note: `${note}; per CPU second (wall ${wall.toFixed(1)} s)`,
  };
}

/** The shipped SMOT flow and its sample timeline. */
export function smotFlow(root: string): { flow: CompiledFlow; timeline: EventEnvelope[] } {
  const loaded = loadFlowFromYaml(
    readFileSync(join(root, 'flows', 'smot-onboarding.yaml'), 'utf8'),
    'smot-onboarding.yaml',
  );
  if (!loaded.ok) throw new Error('shipped flow does not load');
  const timeline = readFileSync(join(root, 'flows', 'samples', 'smot-timeline.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as EventEnvelope);
  return { flow: loaded.flow, timeline };
}

/**
 * Runs `journeys` copies of the timeline (own customer and event ids each) through startJourney
 * and advance(), firing each journey's timers in due order between its events, as the engine
 * would. Returns the number of startJourney + advance() calls.
 */
export function driveJourneys(flow: CompiledFlow, timeline: readonly EventEnvelope[], journeys: number): number {
  let calls = 0;
  for (let j = 0; j < journeys; j++) {
    const subject = `cus-${j}`;
    const events = timeline.map((e) => ({
      ...e,
      id: `${e.id}-${j}`,
      subject,
      data: e.data && typeof e.data.order_id === 'string' ? { ...e.data, order_id: `${e.data.order_id}-${j}` } : e.data,
    }));
    const customer = { id: subject, timezone: 'Europe/Madrid', locale: 'es-ES', email: `${subject}@example.com` };
    let instance: JourneyInstance | undefined;
    let timers: TimerSpec[] = [];
    const sends: SendRecord[] = [];
    const apply = (result: { instance: JourneyInstance; timers: TimerSpec[]; cancel_timers: string[] }) => {
      instance = result.instance;
      if (result.cancel_timers.length > 0) timers = timers.filter((t) => !result.cancel_timers.includes(t.timer_id));
      for (const t of result.timers) timers.push(t);
    };
    const fireUntil = (limit: number) => {
      for (;;) {
        if (!instance || timers.length === 0) return;
        let next = timers[0];
        for (const t of timers) if (t.due_at < next.due_at) next = t;
        const due = Date.parse(next.due_at);
        if (due > limit) return;
        timers = timers.filter((t) => t !== next);
        calls++;
        const firing = {
          kind: 'timer' as const,
          timer_id: next.timer_id,
          journey_id: next.journey_id,
          step_id: next.step_id,
          seq: next.seq,
          due_at: next.due_at,
        };
        apply(advance(flow, instance, firing, new Date(due), { customer, sendHistory: sends }));
      }
    };
    for (const event of events) {
      const now = Date.parse(event.time);
      fireUntil(now);
      calls++;
      if (!instance) {
        const started = startJourney(flow, event, new Date(now), { customer, sendHistory: sends });
        if (started) apply(started);
      } else apply(advance(flow, instance, event, new Date(now), { customer, sendHistory: sends }));
    }
    fireUntil(Number.POSITIVE_INFINITY);
  }
  return calls;
}

export function corePhase(root: string, count: number): Row[] {
  const messages = Array.from({ length: count }, (_, i) => ({
    value: Buffer.from(JSON.stringify(sampleEvent('order.placed', { id: `evt_${i}`, subject: `cus_${i % 1000}` }))),
    headers: {},
  }));
  const parse = measureSync(
    'contract: parse + validate order.placed',
    count,
    'parseEventMessage, structured mode',
    () => {
      for (const m of messages) if (!parseEventMessage(m).ok) throw new Error('invalid');
    },
  );
  const { flow, timeline } = smotFlow(root);
  const journeys = Math.max(1, count);
  const callsPerJourney = driveJourneys(flow, timeline, 1);
  const direct = measureSync(
    'pure core: advance() over the SMOT path',
    journeys * callsPerJourney,
    `${journeys.toLocaleString('en')} journeys x ${callsPerJourney} startJourney/advance() calls (events + timers)`,
    () => {
      driveJourneys(flow, timeline, journeys);
    },
  );
  const once = simulate(flow, timeline);
  const simCalls = timeline.length + once.entries.filter((e) => e.kind === 'timer.fired').length;
  const simJourneys = Math.max(1, Math.floor(count / 10));
  const sim = measureSync(
    'pure core: simulate() over the SMOT path',
    simJourneys * simCalls,
    `${simJourneys.toLocaleString('en')} simulations x ${simCalls} advance() calls, with the simulator's bookkeeping`,
    () => {
      for (let i = 0; i < simJourneys; i++) simulate(flow, timeline);
    },
  );
  return [parse, direct, sim];
}

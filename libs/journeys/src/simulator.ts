import type { ActivityRecord, JourneyCommand, TimerSpec } from './commands';
import { addIsoDuration } from './duration';
import type { CustomerProfile, EventEnvelope, SendRecord } from './events';
import type { CompiledFlow } from './flow-compiler';
import { advance } from './interpreter';
import { startJourney } from './journey-entry';
import { isEnded, type JourneyInstance } from './journey-instance';
import type { AdvanceResult } from './transition';

export type SimulationKind =
  'event' | 'entered' | 'step' | 'command' | 'timer.set' | 'timer.fired' | 'timer.cancelled' | 'converted' | 'exited';

export interface SimulationEntry {
  at: string;
  kind: SimulationKind;
  journey_id?: string;
  step_id?: string;
  detail: string;
  command?: JourneyCommand;
}

export interface SimulationOptions {
  /** Virtual clock start; defaults to the first event's time. */
  start?: string | Date;
  /** The customer profile (time zone, locale, email); other subjects get an empty profile. */
  customer?: CustomerProfile;
  /** How long to keep firing timers after the last event (ISO 8601, default P90D). */
  horizon?: string;
  /** Sends that happened before the simulation, for frequency caps. */
  sendHistory?: readonly SendRecord[];
}

export interface SimulationResult {
  flow: { id: string; version: string };
  entries: SimulationEntry[];
  journeys: JourneyInstance[];
  /** Timers still pending at the horizon. */
  pending: TimerSpec[];
}

function describeCommand(c: JourneyCommand): string {
  const moment = c.moment ? ` [${c.moment}]` : '';
  switch (c.type) {
    case 'email.send':
      return `email.send ${c.template} (${c.category})${c.to ? ` to ${c.to}` : ''}${moment}`;
    case 'survey.send':
      return `survey.send ${c.survey.kind} ${c.template}${c.to ? ` to ${c.to}` : ''}${moment}`;
    case 'alert.raise':
      return `alert.raise ${c.severity} ${c.reason}${c.route ? ` -> ${c.route}` : ''}${moment}`;
    case 'profile.update':
      return `profile.update set=${JSON.stringify(c.attributes)} +tags=${c.tags_add.join(',')} -tags=${c.tags_remove.join(',')}`;
  }
}

function describeActivity(a: ActivityRecord): { kind: SimulationKind; detail: string } {
  const extras = (fields: Record<string, unknown>) => {
    const text = Object.entries(fields)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(' ');
    return text ? ` (${text})` : '';
  };
  switch (a.type) {
    case 'journey.entered':
      return {
        kind: 'entered',
        detail: `${a.flow.id}@${a.flow.version} key=${a.entry_key}${extras({ trigger: a.trigger_event_type, event_id: a.trigger_event_id })}`,
      };
    case 'journey.converted':
      return { kind: 'converted', detail: `goal ${a.goal}${extras({ event: a.event_type, event_id: a.event_id })}` };
    case 'journey.exited':
      return { kind: 'exited', detail: `${a.outcome}${extras({ reason: a.reason, event: a.event_type })}` };
    case 'journey.step':
      return {
        kind: 'step',
        detail: `${a.step_id} ${a.step_type} -> ${a.outcome}${extras({ reason: a.reason, branch: a.branch, event: a.event_type, until: a.until })}`,
      };
  }
}

function byTime(a: EventEnvelope, b: EventEnvelope): number {
  return Date.parse(a.time) - Date.parse(b.time);
}

/**
 * Runs a flow against a timeline of events on a virtual clock: timers fire in due order between
 * events and after the last one, until nothing is pending or the horizon passes. Pure.
 */
export function simulate(
  flow: CompiledFlow,
  timeline: readonly EventEnvelope[],
  opts: SimulationOptions = {},
): SimulationResult {
  const events = [...timeline].sort(byTime);
  const entries: SimulationEntry[] = [];
  const journeys = new Map<string, JourneyInstance>();
  const timers = new Map<string, TimerSpec>();
  const customers = new Map<string, CustomerProfile>();
  const sends = new Map<string, SendRecord[]>(opts.customer ? [[opts.customer.id, [...(opts.sendHistory ?? [])]]] : []);
  if (opts.customer) customers.set(opts.customer.id, opts.customer);
  let clock = opts.start ? new Date(opts.start).getTime() : events.length > 0 ? Date.parse(events[0].time) : 0;

  const profile = (id: string): CustomerProfile => customers.get(id) ?? { id };
  const context = (id: string) => ({ customer: profile(id), sendHistory: sends.get(id) ?? [] });

  const apply = (result: AdvanceResult, at: string): void => {
    const j = result.instance;
    journeys.set(j.id, j);
    const printed = new Set<unknown>();
    const flush = (stepId: string | undefined) => {
      for (const c of result.commands) {
        if (printed.has(c) || (stepId !== undefined && c.step_id !== stepId)) continue;
        printed.add(c);
        entries.push({
          at,
          kind: 'command',
          journey_id: j.id,
          step_id: c.step_id,
          detail: describeCommand(c),
          command: c,
        });
      }
      for (const tm of result.timers) {
        if (printed.has(tm) || (stepId !== undefined && tm.step_id !== stepId)) continue;
        printed.add(tm);
        entries.push({
          at,
          kind: 'timer.set',
          journey_id: j.id,
          step_id: tm.step_id,
          detail: `${tm.timer_id} due ${tm.due_at}`,
        });
      }
    };
    for (const id of result.cancel_timers) {
      if (timers.delete(id)) entries.push({ at, kind: 'timer.cancelled', journey_id: j.id, detail: id });
    }
    for (const a of result.activity) {
      entries.push({ at, journey_id: j.id, step_id: a.step_id, ...describeActivity(a) });
      if (a.type === 'journey.step') flush(a.step_id);
    }
    flush(undefined);
    for (const tm of result.timers) timers.set(tm.timer_id, tm);
    for (const c of result.commands) {
      if (c.type === 'email.send' || c.type === 'survey.send') {
        sends.set(c.customer_id, [
          ...(sends.get(c.customer_id) ?? []),
          {
            at: c.issued_at,
            category: c.type === 'survey.send' ? 'survey' : c.category,
            flow_id: c.flow.id,
            command_id: c.command_id,
          },
        ]);
      }
      if (c.type === 'profile.update') {
        const p = profile(c.customer_id);
        const tags = new Set([...(p.tags ?? []), ...c.tags_add]);
        c.tags_remove.forEach((tag) => tags.delete(tag));
        customers.set(c.customer_id, {
          ...p,
          attributes: { ...(p.attributes ?? {}), ...c.attributes },
          tags: [...tags],
        });
      }
    }
  };

  const fireTimersUntil = (limit: number): void => {
    for (;;) {
      const next = [...timers.values()].sort(
        (a, b) => Date.parse(a.due_at) - Date.parse(b.due_at) || (a.timer_id < b.timer_id ? -1 : 1),
      )[0];
      if (!next || Date.parse(next.due_at) > limit) return;
      timers.delete(next.timer_id);
      clock = Math.max(clock, Date.parse(next.due_at));
      const at = new Date(clock).toISOString();
      entries.push({
        at,
        kind: 'timer.fired',
        journey_id: next.journey_id,
        step_id: next.step_id,
        detail: next.timer_id,
      });
      const journey = journeys.get(next.journey_id);
      if (!journey) continue;
      const firing = {
        kind: 'timer' as const,
        timer_id: next.timer_id,
        journey_id: next.journey_id,
        step_id: next.step_id,
        seq: next.seq,
        due_at: next.due_at,
      };
      apply(advance(flow, journey, firing, new Date(clock), context(journey.customer_id)), at);
    }
  };

  for (const event of events) {
    const time = Date.parse(event.time);
    fireTimersUntil(time);
    clock = Math.max(clock, time);
    const at = new Date(clock).toISOString();
    const now = new Date(clock);
    entries.push({ at, kind: 'event', detail: `${event.type} ${event.id} subject=${event.subject}` });
    const own = [...journeys.values()].filter((j) => j.customer_id === event.subject && j.flow.id === flow.id);
    for (const journey of own.filter((j) => !isEnded(j)).sort((a, b) => (a.id < b.id ? -1 : 1))) {
      const result = advance(flow, journey, event, now, context(event.subject));
      if (result.instance !== journey) apply(result, at);
    }
    const started = startJourney(flow, event, now, { ...context(event.subject), existing: own });
    if (started) apply(started, at);
  }
  fireTimersUntil(addIsoDuration(new Date(clock), opts.horizon ?? 'P90D').getTime());
  return {
    flow: { id: flow.id, version: flow.version },
    entries,
    journeys: [...journeys.values()],
    pending: [...timers.values()],
  };
}

/** One readable line per entry: `2025-03-01 10:00:00Z  command      email.send order-confirmation ...`. */
export function formatSimulation(result: SimulationResult): string {
  const many = new Set(result.entries.map((e) => e.journey_id).filter(Boolean)).size > 1;
  const lines = result.entries.map((e) => {
    const at = e.at.replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
    const who = many && e.journey_id ? ` [${e.journey_id}]` : '';
    return `${at}  ${e.kind.padEnd(16)}${e.detail}${who}`;
  });
  return [`# ${result.flow.id}@${result.flow.version}`, ...lines].join('\n');
}

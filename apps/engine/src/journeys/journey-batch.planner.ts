import type { EventEnvelope } from '@postventa/contracts';
import {
  advance,
  isEnded,
  startJourney,
  type ActivityRecord,
  type AdvanceResult,
  type CompiledFlow,
  type CustomerProfile,
  type JourneyCommand,
  type JourneyInstance,
  type JourneyRef,
  type ProfileUpdateCommand,
  type SendRecord,
  type TimerSpec,
} from '@postventa/journeys';
import type { FlowCatalog } from '../flows/flow-catalog';
import { TIMER_FIRED, timerFiringOf } from '../timers/timer-firing';
import type { SentMessage } from './send-history.repository';

export interface JourneyBatchInput {
  /** The batch's new events (domain events and `timer.fired`), in any order. */
  events: readonly EventEnvelope[];
  /** The batch's customers' journeys (open ones; ended ones may be given here too). */
  instances: readonly JourneyInstance[];
  /** Ended journeys of the batch's customers, for entry rules (re-entry, the same event twice). */
  ended?: readonly JourneyRef[];
  catalog: FlowCatalog;
  customers: ReadonlyMap<string, CustomerProfile>;
  /** Recent sends per customer, for frequency caps. */
  sendHistory: ReadonlyMap<string, readonly SendRecord[]>;
  now: Date;
}

/** Something the batch produced, with the id of the input (event) that caused it. */
export interface Caused<T> {
  value: T;
  input_id: string;
}

export interface JourneyFailure {
  journey_id?: string;
  flow_id: string;
  customer_id: string;
  input_id: string;
  error: unknown;
}

/** Everything to write for a batch; the engine writes it in the batch's transaction. */
export interface JourneyBatchPlan {
  /** New and changed journeys, in their final state. */
  instances: JourneyInstance[];
  /** Timers to store (a timer set and cleared within the batch is left out). */
  timers: TimerSpec[];
  /** Stored timers to cancel. */
  cancelTimers: string[];
  /** Commands in the order they were issued (wire commands and profile updates). */
  commands: Caused<JourneyCommand>[];
  activity: Caused<ActivityRecord>[];
  sends: SentMessage[];
  /** Customers whose profile an `update` step changed, with their final attributes and tags. */
  profiles: Map<string, CustomerProfile>;
  failures: JourneyFailure[];
  /** `timer.fired` events that did not name a journey timer. */
  unreadableTimers: string[];
}

function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Whether an event of `type` can change `journey` at all: only a flow exit event, a goal event,
 * the event its `wait_for` waits for, or one a later `wait_for` of the flow waits for (the journey
 * keeps it for that step) can; for any other type the interpreter returns the journey unchanged.
 * Skipping the rest saves copying every open journey of a customer for every event.
 */
export function mayReactTo(flow: CompiledFlow, journey: JourneyInstance, type: string): boolean {
  if (journey.wait?.kind === 'event' && journey.wait.event_type === type) return true;
  if (flow.awaits.has(type)) return true;
  return flow.exits.some((m) => m.event === type) || flow.definition.goals.some((g) => g.event === type);
}

function applyProfileUpdate(profile: CustomerProfile, command: ProfileUpdateCommand): CustomerProfile {
  const tags = new Set([...(profile.tags ?? []), ...command.tags_add]);
  command.tags_remove.forEach((tag) => tags.delete(tag));
  return { ...profile, attributes: { ...(profile.attributes ?? {}), ...command.attributes }, tags: [...tags] };
}

/**
 * Runs a batch through the pure interpreter, one customer at a time and each customer's events
 * in time order (ties keep arrival order): every event first advances the customer's open
 * journeys (each on the flow version it started on), then may start journeys of the newest
 * active flow versions; a `timer.fired` advances only its journey. Pure: no I/O, `now` given.
 *
 * A journey that throws is left as it was for that input and reported in `failures`, so one
 * broken journey cannot block the customer's other journeys or the partition.
 */
export function planJourneyBatch(input: JourneyBatchInput): JourneyBatchPlan {
  const plan: JourneyBatchPlan = {
    instances: [],
    timers: [],
    cancelTimers: [],
    commands: [],
    activity: [],
    sends: [],
    profiles: new Map(),
    failures: [],
    unreadableTimers: [],
  };
  const changed = new Map<string, JourneyInstance>();
  const timers = new Map<string, TimerSpec>();
  const cancels = new Set<string>();

  const journeysOf = new Map<string, Map<string, JourneyInstance>>();
  for (const j of input.instances) {
    const own = journeysOf.get(j.customer_id) ?? new Map<string, JourneyInstance>();
    own.set(j.id, j);
    journeysOf.set(j.customer_id, own);
  }
  const endedOf = new Map<string, JourneyRef[]>();
  for (const j of input.ended ?? []) {
    const own = endedOf.get(j.customer_id);
    if (own) own.push(j);
    else endedOf.set(j.customer_id, [j]);
  }
  const eventsOf = new Map<string, Array<{ event: EventEnvelope; order: number }>>();
  input.events.forEach((event, order) => {
    const list = eventsOf.get(event.subject) ?? [];
    list.push({ event, order });
    eventsOf.set(event.subject, list);
  });

  for (const [customerId, list] of eventsOf) {
    list.sort((a, b) => Date.parse(a.event.time) - Date.parse(b.event.time) || a.order - b.order);
    const journeys = journeysOf.get(customerId) ?? new Map<string, JourneyInstance>();
    const ended = endedOf.get(customerId) ?? [];
    let customer: CustomerProfile = input.customers.get(customerId) ?? { id: customerId };
    const sends: SendRecord[] = [...(input.sendHistory.get(customerId) ?? [])];
    const context = () => ({ customer, sendHistory: sends });

    const apply = (result: AdvanceResult, inputId: string): void => {
      const j = result.instance;
      journeys.set(j.id, j);
      changed.set(j.id, j);
      for (const id of result.cancel_timers) {
        if (timers.delete(id)) continue;
        cancels.add(id);
      }
      for (const timer of result.timers) timers.set(timer.timer_id, timer);
      for (const command of result.commands) {
        plan.commands.push({ value: command, input_id: inputId });
        if (command.type === 'email.send' || command.type === 'survey.send') {
          const category = command.type === 'survey.send' ? 'survey' : command.category;
          const record: SendRecord = {
            at: command.issued_at,
            category,
            flow_id: command.flow.id,
            command_id: command.command_id,
          };
          sends.push(record);
          plan.sends.push({
            ...record,
            customer_id: customerId,
            command_id: command.command_id,
            journey_id: command.journey_id,
          });
        } else if (command.type === 'profile.update') {
          customer = applyProfileUpdate(customer, command);
          plan.profiles.set(customerId, customer);
        }
      }
      for (const record of result.activity) plan.activity.push({ value: record, input_id: inputId });
    };

    const step = (journey: JourneyInstance, inputId: string, run: (flow: CompiledFlow) => AdvanceResult): void => {
      const flow = input.catalog.pinned(journey.flow);
      if (!flow) {
        plan.failures.push({
          journey_id: journey.id,
          flow_id: journey.flow.id,
          customer_id: customerId,
          input_id: inputId,
          error: new Error(`flow version ${journey.flow.id}@${journey.flow.version} is not published`),
        });
        return;
      }
      try {
        const result = run(flow);
        if (result.instance !== journey) apply(result, inputId);
      } catch (error) {
        plan.failures.push({
          journey_id: journey.id,
          flow_id: journey.flow.id,
          customer_id: customerId,
          input_id: inputId,
          error,
        });
      }
    };

    for (const { event } of list) {
      if (event.type === TIMER_FIRED) {
        const firing = timerFiringOf(event);
        if (!firing) {
          plan.unreadableTimers.push(event.id);
          continue;
        }
        const journey = journeys.get(firing.journey_id);
        // A firing for a journey that ended or moved on changes nothing (the interpreter checks seq too).
        if (journey && !isEnded(journey))
          step(journey, event.id, (flow) => advance(flow, journey, firing, input.now, context()));
        continue;
      }
      const open = [...journeys.values()].filter((j) => !isEnded(j)).sort(byId);
      for (const journey of open) {
        const pinned = input.catalog.pinned(journey.flow);
        if (pinned && !mayReactTo(pinned, journey, event.type)) continue;
        step(journey, event.id, (flow) => advance(flow, journey, event, input.now, context()));
      }
      for (const flow of input.catalog.entryFlows) {
        if (flow.trigger.event !== event.type) continue;
        const existing: JourneyRef[] = [...journeys.values(), ...ended].filter((j) => j.flow.id === flow.id);
        try {
          const started = startJourney(flow, event, input.now, { ...context(), existing });
          if (started) apply(started, event.id);
        } catch (error) {
          plan.failures.push({ flow_id: flow.id, customer_id: customerId, input_id: event.id, error });
        }
      }
    }
  }

  plan.instances = [...changed.values()];
  plan.timers = [...timers.values()];
  plan.cancelTimers = [...cancels];
  return plan;
}

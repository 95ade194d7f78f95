import type {
  ActivityBase,
  ActivityRecord,
  CommandBase,
  ExitOutcome,
  JourneyCommand,
  JourneyExitedActivity,
  JourneyStepActivity,
  StepOutcome,
  TimerPurpose,
  TimerSpec,
} from './commands';
import type { CustomerProfile, SendRecord } from './events';
import type { CompiledFlow } from './flow-compiler';
import type { FlowStep, Moment } from './flow.schema';
import type { EventSnapshot, JourneyInstance } from './journey-instance';

/** What one call to the interpreter produces. */
export interface AdvanceResult {
  instance: JourneyInstance;
  commands: JourneyCommand[];
  activity: ActivityRecord[];
  /** Timers to set. */
  timers: TimerSpec[];
  /** Ids of timers to cancel (a later firing would be ignored anyway). */
  cancel_timers: string[];
}

/**
 * Mutable working state of one transition; it never escapes `advance`. `instance` is a draft that
 * shares unchanged parts with the input (see openTransition); `customer` is replaced, never changed.
 */
export interface Transition {
  flow: CompiledFlow;
  instance: JourneyInstance;
  now: Date;
  nowIso: string;
  customer: CustomerProfile;
  sends: SendRecord[];
  event: EventSnapshot;
  out: AdvanceResult;
}

export function openTransition(
  flow: CompiledFlow,
  instance: JourneyInstance,
  now: Date,
  customer: CustomerProfile,
  sends: readonly SendRecord[],
  event: EventSnapshot,
): Transition {
  // Copy on write: the draft shares what a transition never changes in place (events, vars, the
  // wait, earlier visits) and copies what it does (the lists it appends to, the visit counts). A
  // visit's outcome is set through setVisitOutcome, which replaces that visit.
  const nowIso = now.toISOString();
  const draft: JourneyInstance = {
    ...instance,
    visits: instance.visits.slice(),
    visit_counts: { ...instance.visit_counts },
    emitted: instance.emitted.slice(),
    goals: instance.goals.slice(),
    updated_at: nowIso,
  };
  return {
    flow,
    instance: draft,
    now,
    nowIso,
    customer,
    sends: sends.slice(),
    event,
    out: { instance: draft, commands: [], activity: [], timers: [], cancel_timers: [] },
  };
}

/** The unchanged instance and no effects. */
export function noChange(instance: JourneyInstance): AdvanceResult {
  return { instance, commands: [], activity: [], timers: [], cancel_timers: [] };
}

export function commandBase(t: Transition, stepId: string, commandId: string, moment: Moment | undefined): CommandBase {
  const base: CommandBase = {
    command_id: commandId,
    customer_id: t.instance.customer_id,
    journey_id: t.instance.id,
    flow: { id: t.instance.flow.id, version: t.instance.flow.version },
    step_id: stepId,
    issued_at: t.nowIso,
  };
  if (moment) base.moment = moment;
  if (t.instance.order_id) base.order_id = t.instance.order_id;
  if (t.customer.locale) base.locale = t.customer.locale;
  return base;
}

type ActivityFields<A extends ActivityRecord> = Omit<A, keyof ActivityBase | 'type'> & {
  step_id?: string;
  moment?: Moment;
};

export function recordActivity<A extends ActivityRecord>(
  t: Transition,
  type: A['type'],
  fields: ActivityFields<A>,
): void {
  const i = t.instance;
  const record: Record<string, unknown> = {
    activity_id: `${i.id}:${i.seq}:${i.visits.length}:${t.out.activity.length}:${type}`,
    journey_id: i.id,
    customer_id: i.customer_id,
    flow: { id: i.flow.id, version: i.flow.version },
    at: t.nowIso,
    entered_at: i.entered_at,
  } satisfies ActivityBase;
  if (i.order_id) record.order_id = i.order_id;
  record.type = type;
  const extra = fields as Record<string, unknown>;
  for (const key in extra) {
    const value = extra[key];
    if (value !== undefined) record[key] = value;
  }
  t.out.activity.push(record as unknown as A);
}

export type StepActivityFields = Omit<ActivityFields<JourneyStepActivity>, 'step_id' | 'step_type' | 'moment'>;

export function recordStep(t: Transition, step: FlowStep, fields: StepActivityFields): void {
  recordActivity<JourneyStepActivity>(t, 'journey.step', {
    step_id: step.id,
    step_type: step.type,
    moment: step.moment,
    ...fields,
  });
}

/** Sets the outcome of the journey's latest visit (a new visit object: the input's stays as it was). */
export function setVisitOutcome(t: Transition, outcome: StepOutcome): void {
  const visits = t.instance.visits;
  const last = visits.length - 1;
  const { step_id, visit, at } = visits[last];
  visits[last] = { step_id, visit, at, outcome };
}

/** Clears the wait and cancels its timer, if any. */
export function clearWait(t: Transition): void {
  const wait = t.instance.wait;
  if (wait?.timer_id) t.out.cancel_timers.push(wait.timer_id);
  t.instance.wait = undefined;
}

/** Ends the journey: no wait, no timer, and it never emits again. */
export function endJourney(
  t: Transition,
  outcome: ExitOutcome,
  fields: { reason?: string; event_id?: string; event_type?: string } = {},
): void {
  clearWait(t);
  t.instance.status =
    outcome === 'cancelled' || outcome === 'error' || outcome === 'superseded' ? 'exited' : 'completed';
  t.instance.outcome = outcome;
  if (fields.reason) t.instance.exit_reason = fields.reason;
  t.instance.ended_at = t.nowIso;
  const step = t.instance.current_step ? t.flow.steps.get(t.instance.current_step)?.step : undefined;
  recordActivity<JourneyExitedActivity>(t, 'journey.exited', {
    step_id: step?.id,
    moment: step?.moment,
    outcome,
    ...fields,
  });
}

/** Sets a timer for the current wait (never earlier than now) and returns it. */
export function setTimer(t: Transition, stepId: string, timerId: string, due: Date, purpose: TimerPurpose): TimerSpec {
  const dueAt = due.getTime() < t.now.getTime() ? t.now : due;
  const timer: TimerSpec = {
    timer_id: timerId,
    journey_id: t.instance.id,
    customer_id: t.instance.customer_id,
    flow: { ...t.instance.flow },
    step_id: stepId,
    due_at: dueAt.toISOString(),
    seq: t.instance.seq,
    purpose,
  };
  t.out.timers.push(timer);
  return timer;
}

import { evaluateCondition } from './cel-conditions';
import { rememberEarlyEvent } from './early-events';
import { addIsoDuration } from './duration';
import {
  isTimerFiring,
  type AdvanceContext,
  type CustomerProfile,
  type EventEnvelope,
  type JourneyInput,
  type TimerFiring,
} from './events';
import type { CompiledFlow } from './flow-compiler';
import { JourneyError, JourneyErrorCode } from './journey-errors';
import { buildScope } from './journey-scope';
import { isEnded, snapshotEvent, type JourneyInstance } from './journey-instance';
import { runFrom } from './step-runner';
import type { JourneyConvertedActivity } from './commands';
import {
  clearWait,
  endJourney,
  noChange,
  openTransition,
  recordActivity,
  recordStep,
  setVisitOutcome,
  type AdvanceResult,
  type Transition,
} from './transition';

function customerOf(instance: JourneyInstance, context: AdvanceContext): CustomerProfile {
  return context.customer ?? { id: instance.customer_id };
}

function onTimer(
  flow: CompiledFlow,
  instance: JourneyInstance,
  timer: TimerFiring,
  now: Date,
  context: AdvanceContext,
): AdvanceResult {
  const wait = instance.wait;
  if (!wait || wait.timer_id !== timer.timer_id || wait.seq !== timer.seq || timer.journey_id !== instance.id)
    return noChange(instance);
  const t = openTransition(
    flow,
    instance,
    now,
    customerOf(instance, context),
    context.sendHistory ?? [],
    instance.last_event,
  );
  const compiled = flow.steps.get(wait.step_id);
  if (!compiled) {
    endJourney(t, 'error', { reason: `missing_step:${wait.step_id}` });
    return t.out;
  }
  t.instance.wait = undefined;
  if (wait.kind === 'defer') {
    runFrom(t, wait.step_id, true);
    return t.out;
  }
  const { step } = compiled;
  const timedOut = wait.kind === 'event';
  const target = step.type === 'wait_for' ? (step.on_timeout ?? compiled.next) : compiled.next;
  const outcome = timedOut ? 'timed_out' : 'completed';
  setVisitOutcome(t, outcome);
  recordStep(t, step, { outcome });
  runFrom(t, target, false, timedOut ? 'timed_out' : 'completed');
  return t.out;
}

function matchGoals(t: Transition, event: EventEnvelope): boolean {
  const scope = buildScope(t.instance, t.event, t.customer, t.now);
  for (const goal of t.flow.definition.goals) {
    if (goal.event !== event.type || t.instance.goals.some((g) => g.id === goal.id)) continue;
    const deadline = addIsoDuration(new Date(t.instance.entered_at), goal.within);
    if (t.now.getTime() > deadline.getTime()) continue;
    const condition = goal.condition === undefined ? undefined : t.flow.expressions.get(goal.condition);
    if (!evaluateCondition(condition, scope)) continue;
    t.instance.goals.push({ id: goal.id, converted_at: t.nowIso });
    recordActivity<JourneyConvertedActivity>(t, 'journey.converted', {
      step_id: t.instance.current_step,
      goal: goal.id,
      event_id: event.id,
      event_type: event.type,
    });
    if (goal.exit) {
      endJourney(t, 'goal_reached', { reason: goal.id, event_id: event.id, event_type: event.type });
      return true;
    }
  }
  return false;
}

function onEvent(
  flow: CompiledFlow,
  instance: JourneyInstance,
  event: EventEnvelope,
  now: Date,
  context: AdvanceContext,
): AdvanceResult {
  if (event.subject !== instance.customer_id || event.id === instance.entry_event_id) return noChange(instance);
  const t = openTransition(
    flow,
    instance,
    now,
    customerOf(instance, context),
    context.sendHistory ?? [],
    snapshotEvent(event),
  );
  const scope = buildScope(t.instance, t.event, t.customer, t.now);
  const exit = flow.exits.find((m) => m.event === event.type && evaluateCondition(m.condition, scope));
  if (exit) {
    endJourney(t, 'cancelled', { reason: 'exit_event', event_id: event.id, event_type: event.type });
    return t.out;
  }
  if (matchGoals(t, event)) return t.out;
  const wait = t.instance.wait;
  const compiled = wait?.kind === 'event' && wait.event_type === event.type ? flow.steps.get(wait.step_id) : undefined;
  if (compiled?.step.type === 'wait_for') {
    const step = compiled.step;
    const condition = step.condition === undefined ? undefined : flow.expressions.get(step.condition);
    if (evaluateCondition(condition, scope)) {
      clearWait(t);
      t.instance.last_event = t.event;
      setVisitOutcome(t, 'completed');
      recordStep(t, step, { outcome: 'completed', reason: 'event', event_id: event.id, event_type: event.type });
      runFrom(t, step.on_event ?? compiled.next);
      return t.out;
    }
  }
  // Not what the journey waits for now: kept if a later wait_for may need it.
  if (rememberEarlyEvent(t, t.event)) return t.out;
  return t.out.activity.length > 0 ? t.out : noChange(instance);
}

/**
 * The pure heart of the engine: given a flow version, a journey, one input (a domain event or a
 * timer firing) and the time, returns the next state of the journey, the commands to send, the
 * activity to record and the timers to set or cancel. No I/O, no clock, no randomness.
 *
 * Events for another customer, stale timers (a step the journey has left) and anything sent to
 * an ended journey change nothing.
 */
export function advance(
  flow: CompiledFlow,
  instance: JourneyInstance,
  input: JourneyInput,
  now: Date,
  context: AdvanceContext = {},
): AdvanceResult {
  if (isEnded(instance)) return noChange(instance);
  if (instance.flow.id !== flow.id || instance.flow.version !== flow.version) {
    throw new JourneyError(
      JourneyErrorCode.FlowMismatch,
      `journey ${instance.id} runs ${instance.flow.id}@${instance.flow.version}, not ${flow.id}@${flow.version}`,
    );
  }
  return isTimerFiring(input)
    ? onTimer(flow, instance, input, now, context)
    : onEvent(flow, instance, input, now, context);
}

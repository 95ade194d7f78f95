import { evaluateCondition, evaluateValue } from './cel-conditions';
import type { ExitOutcome, JourneyCommand } from './commands';
import { addIsoDuration, nextLocalTime, resolveZone, toDate } from './duration';
import { percentBucket } from './flow-hash';
import {
  END_TARGET,
  type AlertStep,
  type EmailStep,
  type FlowStep,
  type SurveyStep,
  type WaitStep,
} from './flow.schema';
import { takeEarlyEvent } from './early-events';
import { buildScope, templateData } from './journey-scope';
import { checkSendPolicies } from './send-policies';
import {
  commandBase,
  endJourney,
  recordStep,
  setTimer,
  setVisitOutcome,
  type StepActivityFields,
  type Transition,
} from './transition';

/** Guard against runaway loops the validator should already have rejected. */
const MAX_STEPS_PER_TRANSITION = 500;

type StepResult = ({ next: string } & StepActivityFields) | { stop: true };

function scope(t: Transition) {
  return buildScope(t.instance, t.event, t.customer, t.now);
}

function nextSeq(t: Transition): number {
  t.instance.seq += 1;
  return t.instance.seq;
}

function emit(t: Transition, command: JourneyCommand): boolean {
  if (t.instance.emitted.includes(command.command_id)) return false;
  t.instance.emitted.push(command.command_id);
  t.out.commands.push(command);
  return true;
}

function sentOrDuplicate(sent: boolean, next: string, commandId: string): StepResult {
  return sent
    ? { next, outcome: 'completed', command_id: commandId }
    : { next, outcome: 'suppressed', reason: 'duplicate', command_id: commandId };
}

function zone(t: Transition): string {
  return resolveZone(t.customer.timezone, t.flow.definition.policies.timezone);
}

function runSend(t: Transition, step: EmailStep | SurveyStep | AlertStep, visit: number, next: string): StepResult {
  const commandId = `${t.instance.id}:${step.id}:${visit}`;
  const base = commandBase(t, step.id, commandId, step.moment);
  const data = templateData(t.instance, step.data);
  if (step.type === 'alert') {
    // Built field by field on the fresh base (same keys, same order as spreading it).
    const command = base as Record<string, unknown>;
    command.type = 'alert.raise';
    command.severity = step.severity;
    command.reason = step.reason;
    command.data = data;
    if (step.route !== undefined) command.route = step.route;
    if (step.owner !== undefined) command.owner = step.owner;
    if (step.note !== undefined) command.note = step.note;
    return sentOrDuplicate(emit(t, command as unknown as JourneyCommand), next, commandId);
  }
  const category = step.type === 'email' ? step.category : 'survey';
  const decision = checkSendPolicies(t.flow.definition.policies, category, t.now, zone(t), t.sends);
  if (decision.action === 'skip') return { next, outcome: 'skipped', reason: decision.reason };
  if (decision.action === 'defer') {
    const seq = nextSeq(t);
    const timer = setTimer(t, step.id, `${commandId}:defer:${seq}`, decision.until, decision.reason);
    t.instance.status = 'waiting';
    t.instance.wait = {
      kind: 'defer',
      step_id: step.id,
      timer_id: timer.timer_id,
      due_at: timer.due_at,
      seq,
      reason: decision.reason,
    };
    recordStep(t, step, { outcome: 'waiting', reason: decision.reason, command_id: commandId, until: timer.due_at });
    return { stop: true };
  }
  const command = base as Record<string, unknown>;
  if (step.type === 'email') {
    command.type = 'email.send';
    command.template = step.template;
    command.category = step.category;
  } else {
    command.type = 'survey.send';
    command.template = step.template;
    command.survey = { kind: step.kind, survey_id: commandId };
  }
  if (t.customer.email) command.to = t.customer.email;
  command.data = data;
  const sent = emit(t, command as unknown as JourneyCommand);
  if (sent) t.sends.push({ at: t.nowIso, category, flow_id: t.flow.id, command_id: commandId });
  return sentOrDuplicate(sent, next, commandId);
}

function waitDeadline(t: Transition, step: WaitStep): Date | null {
  if (step.until !== undefined) {
    const expression = t.flow.expressions.get(step.until);
    return expression ? toDate(evaluateValue(expression, scope(t))) : null;
  }
  let due = step.duration ? addIsoDuration(t.now, step.duration) : t.now;
  if (step.until_time) due = nextLocalTime(due, step.until_time, zone(t));
  return due;
}

function runWait(t: Transition, step: WaitStep, visit: number, next: string): StepResult {
  const due = waitDeadline(t, step);
  if (!due) return { next, outcome: 'completed', reason: 'no_date' };
  if (due.getTime() <= t.now.getTime()) return { next, outcome: 'completed', reason: 'date_passed' };
  const seq = nextSeq(t);
  const timer = setTimer(t, step.id, `${t.instance.id}:${step.id}:${visit}:wait`, due, 'wait');
  t.instance.status = 'waiting';
  t.instance.wait = { kind: 'delay', step_id: step.id, timer_id: timer.timer_id, due_at: timer.due_at, seq };
  recordStep(t, step, { outcome: 'waiting', until: timer.due_at });
  return { stop: true };
}

function runStep(t: Transition, step: FlowStep, visit: number, next: string): StepResult {
  switch (step.type) {
    case 'email':
    case 'survey':
    case 'alert':
      return runSend(t, step, visit, next);
    case 'wait':
      return runWait(t, step, visit, next);
    case 'wait_for': {
      const early = takeEarlyEvent(t, step);
      if (early) {
        // The event came before the journey got here: it completes the step as if it arrived now.
        t.event = early;
        t.instance.last_event = early;
        return {
          next: step.on_event ?? next,
          outcome: 'completed',
          reason: 'event',
          event_id: early.id,
          event_type: early.type,
          early: true,
        };
      }
      const seq = nextSeq(t);
      t.instance.status = 'waiting';
      t.instance.wait = { kind: 'event', step_id: step.id, event_type: step.event, seq };
      if (step.timeout) {
        const timer = setTimer(
          t,
          step.id,
          `${t.instance.id}:${step.id}:${visit}:timeout`,
          addIsoDuration(t.now, step.timeout),
          'wait_timeout',
        );
        Object.assign(t.instance.wait, { timer_id: timer.timer_id, due_at: timer.due_at });
      }
      recordStep(t, step, { outcome: 'waiting', event_type: step.event, until: t.instance.wait.due_at });
      return { stop: true };
    }
    case 'branch': {
      const s = scope(t);
      const hit = step.cases.findIndex((c) => evaluateCondition(t.flow.expressions.get(c.when), s));
      const target = hit >= 0 ? step.cases[hit].next : (step.else ?? next);
      return { next: target, outcome: 'completed', reason: hit >= 0 ? `case:${hit}` : 'else', branch: target };
    }
    case 'split': {
      const bucket = percentBucket(`${t.instance.id}:${step.id}`);
      let total = 0;
      const chosen = step.variants.findIndex((v) => (total += v.percent) > bucket);
      const index = chosen >= 0 ? chosen : step.variants.length - 1;
      const variant = step.variants[index];
      return {
        next: variant.next,
        outcome: 'completed',
        reason: `variant:${variant.name ?? index}`,
        branch: variant.next,
      };
    }
    case 'update': {
      const base = commandBase(t, step.id, `${t.instance.id}:${step.id}:${visit}`, step.moment);
      const command: JourneyCommand = {
        ...base,
        type: 'profile.update',
        attributes: step.set ?? {},
        tags_add: step.tags_add ?? [],
        tags_remove: step.tags_remove ?? [],
      };
      const emitted = emit(t, command);
      if (emitted) {
        const tags = new Set([...(t.customer.tags ?? []), ...command.tags_add]);
        command.tags_remove.forEach((tag) => tags.delete(tag));
        t.customer = {
          ...t.customer,
          attributes: { ...(t.customer.attributes ?? {}), ...command.attributes },
          tags: [...tags],
        };
      }
      return sentOrDuplicate(emitted, next, base.command_id);
    }
    case 'exit':
      endJourney(t, 'completed', { reason: step.reason ?? 'exit_step' });
      return { stop: true };
  }
}

/**
 * Runs steps from `target` until the journey waits or ends. With `resume`, the first step is the
 * one already being visited (a deferred send): its visit number, and so its command id, stay.
 */
export function runFrom(t: Transition, target: string, resume = false, endOutcome: ExitOutcome = 'completed'): void {
  let current = target;
  let resuming = resume;
  for (let count = 0; ; count++) {
    if (current === END_TARGET) return endJourney(t, count === 0 ? endOutcome : 'completed');
    const compiled = t.flow.steps.get(current);
    if (!compiled) return endJourney(t, 'error', { reason: `missing_step:${current}` });
    if (count >= MAX_STEPS_PER_TRANSITION) return endJourney(t, 'error', { reason: 'step_limit' });
    const { step } = compiled;
    const i = t.instance;
    i.status = 'active';
    i.wait = undefined;
    i.current_step = step.id;
    const visit = resuming ? (i.visit_counts[step.id] ?? 1) : (i.visit_counts[step.id] ?? 0) + 1;
    i.visit_counts[step.id] = visit;
    if (!resuming) i.visits.push({ step_id: step.id, visit, at: t.nowIso });
    resuming = false;
    const result = runStep(t, step, visit, compiled.next);
    if ('stop' in result) return;
    const { next, ...fields } = result;
    setVisitOutcome(t, fields.outcome);
    recordStep(t, step, fields);
    current = next;
  }
}

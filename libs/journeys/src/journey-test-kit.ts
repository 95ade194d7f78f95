import type { EventEnvelope, TimerFiring } from './events';
import type { CompiledFlow } from './flow-compiler';
import type { TimerSpec } from './commands';
import { formatFlowIssues, loadFlowFromYaml } from './flow-validator';

/** Test helper: compiles a YAML flow or throws with the validation messages. */
export function flowFromYaml(source: string, templates?: ReadonlySet<string>): CompiledFlow {
  const result = loadFlowFromYaml(source, 'test.yaml', templates ? { templates } : {});
  if (!result.ok) throw new Error(formatFlowIssues(result.errors));
  return result.flow;
}

let counter = 0;

/** Test helper: a CloudEvents envelope for customer `cus-1` (or `subject`). */
export function makeEvent(
  type: string,
  time: string,
  data: Record<string, unknown> = {},
  opts: { id?: string; subject?: string } = {},
): EventEnvelope {
  counter += 1;
  return {
    specversion: '1.0',
    id: opts.id ?? `evt-${counter}`,
    type,
    source: 'test',
    time,
    subject: opts.subject ?? 'cus-1',
    data,
  };
}

export function firingOf(timer: TimerSpec): TimerFiring {
  return {
    kind: 'timer',
    timer_id: timer.timer_id,
    journey_id: timer.journey_id,
    step_id: timer.step_id,
    seq: timer.seq,
    due_at: timer.due_at,
  };
}

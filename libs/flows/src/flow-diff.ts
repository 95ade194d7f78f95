import { canonicalJson, type FlowDefinition } from '@postventa/journeys';

const SECTIONS = ['name', 'description', 'trigger', 'entry', 'exit_on', 'goals', 'policies'] as const;

/**
 * What changed between two versions of a flow, one short line per change: sections such as
 * `trigger` or `policies`, and steps added, removed, changed or moved. Empty when only comments
 * or formatting changed.
 */
export function describeFlowChanges(before: FlowDefinition, after: FlowDefinition): string[] {
  const changes: string[] = [];
  for (const section of SECTIONS) {
    if (canonicalJson(before[section]) !== canonicalJson(after[section])) changes.push(`${section} changed`);
  }
  const oldSteps = new Map(before.steps.map((s, i) => [s.id, { step: s, index: i }]));
  const newSteps = new Map(after.steps.map((s, i) => [s.id, { step: s, index: i }]));
  for (const [id, { step }] of newSteps) {
    const old = oldSteps.get(id);
    if (!old) changes.push(`step '${id}' added (${step.type})`);
    else if (canonicalJson(old.step) !== canonicalJson(step)) changes.push(`step '${id}' changed`);
  }
  for (const id of oldSteps.keys()) if (!newSteps.has(id)) changes.push(`step '${id}' removed`);
  const kept = (steps: FlowDefinition['steps'], other: Map<string, unknown>) =>
    steps.map((s) => s.id).filter((id) => other.has(id));
  if (kept(before.steps, newSteps).join('\u0000') !== kept(after.steps, oldSteps).join('\u0000'))
    changes.push('steps reordered');
  return changes;
}

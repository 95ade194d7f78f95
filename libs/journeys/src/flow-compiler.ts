import { compileCel, type CompiledExpression } from './cel-conditions';
import { canonicalJson, shortHash } from './flow-hash';
import { followingStep } from './flow-graph';
import { JourneyError, JourneyErrorCode } from './journey-errors';
import type { FlowDefinition, FlowStep } from './flow.schema';

export interface CompiledStep {
  step: FlowStep;
  index: number;
  /** Default successor: `next`, else the following step, else `end`. */
  next: string;
}

export interface EventMatcher {
  event: string;
  condition?: CompiledExpression;
}

/** A validated flow with every CEL expression compiled once, ready for the interpreter. */
export interface CompiledFlow {
  id: string;
  name: string;
  description?: string;
  version: string;
  definition: FlowDefinition;
  steps: ReadonlyMap<string, CompiledStep>;
  firstStepId: string;
  trigger: EventMatcher;
  entryKey: 'customer' | 'order' | CompiledExpression;
  exits: EventMatcher[];
  /**
   * The event types some `wait_for` step waits for, each with those steps' matchers: an event of
   * one of these types that comes before the journey reaches its step is kept for it.
   */
  awaits: ReadonlyMap<string, readonly EventMatcher[]>;
  /** Every expression of the flow by its source text. */
  expressions: ReadonlyMap<string, CompiledExpression>;
}

/** Every CEL expression in a flow with where it lives and what type it must give. */
export function flowExpressions(
  definition: FlowDefinition,
): { path: string; source: string; expect: 'bool' | 'any' }[] {
  const found: { path: string; source: string; expect: 'bool' | 'any' }[] = [];
  const add = (path: string, source: string | undefined, expect: 'bool' | 'any' = 'bool') => {
    if (source !== undefined) found.push({ path, source, expect });
  };
  add('trigger.condition', definition.trigger.condition);
  if (definition.entry.key !== 'customer' && definition.entry.key !== 'order')
    add('entry.key', definition.entry.key, 'any');
  definition.exit_on.forEach((exit, i) => add(`exit_on[${i}].condition`, exit.condition));
  definition.goals.forEach((goal, i) => add(`goals[${i}].condition`, goal.condition));
  definition.steps.forEach((step, i) => {
    if (step.type === 'wait_for') add(`steps[${i}].condition`, step.condition);
    if (step.type === 'wait') add(`steps[${i}].until`, step.until, 'any');
    if (step.type === 'branch') step.cases.forEach((c, j) => add(`steps[${i}].cases[${j}].when`, c.when));
  });
  return found;
}

/**
 * Compiles a validated definition. `version` is the content hash of the published source; without
 * one, a hash of the definition itself is used.
 */
export function compileFlow(definition: FlowDefinition, version?: string): CompiledFlow {
  const expressions = new Map<string, CompiledExpression>();
  for (const { path, source, expect } of flowExpressions(definition)) {
    const compiled = compileCel(source, expect);
    if (!compiled.ok)
      throw new JourneyError(JourneyErrorCode.FlowInvalid, `${definition.id} ${path}: ${compiled.message}`);
    expressions.set(source, compiled.expression);
  }
  const matcher = (m: { event: string; condition?: string }): EventMatcher => ({
    event: m.event,
    condition: m.condition === undefined ? undefined : expressions.get(m.condition),
  });
  const steps = new Map<string, CompiledStep>();
  const awaits = new Map<string, EventMatcher[]>();
  definition.steps.forEach((step, index) => {
    steps.set(step.id, { step, index, next: step.next ?? followingStep(definition.steps, index) });
    if (step.type === 'wait_for') {
      const matchers = awaits.get(step.event) ?? [];
      matchers.push(matcher(step));
      awaits.set(step.event, matchers);
    }
  });
  const key = definition.entry.key;
  return {
    id: definition.id,
    name: definition.name,
    description: definition.description,
    version: version ?? shortHash(canonicalJson(definition)),
    definition,
    steps,
    firstStepId: definition.steps[0].id,
    trigger: matcher(definition.trigger),
    entryKey: key === 'customer' || key === 'order' ? key : (expressions.get(key) as CompiledExpression),
    exits: definition.exit_on.map(matcher),
    awaits,
    expressions,
  };
}

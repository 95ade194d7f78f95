import { compileCel } from './cel-conditions';
import { flowExpressions } from './flow-compiler';
import { loopsWithoutWait, reachableSteps, stepEdges } from './flow-graph';
import { END_TARGET, type FlowDefinition } from './flow.schema';

export type IssuePath = (string | number)[];

export interface RuleIssue {
  path: IssuePath;
  message: string;
}

export interface FlowRuleOptions {
  /** Known template ids; when given, email and survey steps must use one of them. */
  templates?: ReadonlySet<string>;
}

function parsePath(dotted: string): IssuePath {
  return dotted
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** Checks a schema-valid flow for mistakes the schema cannot see. */
export function checkFlowRules(flow: FlowDefinition, opts: FlowRuleOptions = {}): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const ids = new Set<string>();
  flow.steps.forEach((step, i) => {
    if (step.id === END_TARGET)
      issues.push({
        path: ['steps', i, 'id'],
        message: `step id '${END_TARGET}' is reserved: it means "finish the journey"`,
      });
    else if (ids.has(step.id)) issues.push({ path: ['steps', i, 'id'], message: `step id '${step.id}' is used twice` });
    ids.add(step.id);
  });

  flow.steps.forEach((step, i) => {
    for (const edge of stepEdges(flow.steps, i)) {
      if (edge.target !== END_TARGET && !ids.has(edge.target)) {
        issues.push({
          path: ['steps', i, ...edge.field],
          message: `no step with id '${edge.target}' (known steps: ${[...ids].join(', ')})`,
        });
      }
    }
    if ((step.type === 'email' || step.type === 'survey') && opts.templates && !opts.templates.has(step.template)) {
      issues.push({ path: ['steps', i, 'template'], message: `unknown template '${step.template}'` });
    }
    if (step.type === 'wait') {
      const modes = [step.duration, step.until_time, step.until].filter((m) => m !== undefined).length;
      if (modes === 0) issues.push({ path: ['steps', i], message: 'a wait needs `duration`, `until_time` or `until`' });
      if (step.until !== undefined && modes > 1)
        issues.push({
          path: ['steps', i, 'until'],
          message: '`until` cannot be combined with `duration` or `until_time`',
        });
    }
    if (step.type === 'split') {
      const total = step.variants.reduce((sum, v) => sum + v.percent, 0);
      if (Math.abs(total - 100) > 1e-9)
        issues.push({ path: ['steps', i, 'variants'], message: `split percentages add up to ${total}, not 100` });
    }
  });

  for (const { path, source, expect } of flowExpressions(flow)) {
    const compiled = compileCel(source, expect);
    if (!compiled.ok) issues.push({ path: parsePath(path), message: compiled.message });
  }

  const reachable = reachableSteps(flow.steps);
  flow.steps.forEach((step, i) => {
    if (!reachable.has(step.id))
      issues.push({ path: ['steps', i, 'id'], message: `step '${step.id}' is never reached` });
  });

  const index = new Map(flow.steps.map((s, i) => [s.id, i]));
  for (const loop of loopsWithoutWait(flow.steps)) {
    const last = index.get(loop[loop.length - 1]) as number;
    issues.push({
      path: ['steps', last],
      message: `loop without a wait: ${[...loop, loop[0]].join(' -> ')}; add a wait or wait_for step inside it`,
    });
  }
  return issues;
}

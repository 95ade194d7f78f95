import { END_TARGET, type FlowStep, type Moment, type SendCategory } from './flow.schema';

export interface StepEdge {
  /** Path of the field that holds the target, relative to the step (e.g. `['cases', 0, 'next']`). */
  field: (string | number)[];
  target: string;
}

/** The step after `index` in document order, or `end` after the last one. */
export function followingStep(steps: readonly FlowStep[], index: number): string {
  return steps[index + 1]?.id ?? END_TARGET;
}

/** Where each step can go next; implicit "following step" edges use the field `next`. */
export function stepEdges(steps: readonly FlowStep[], index: number): StepEdge[] {
  const step = steps[index];
  const following = followingStep(steps, index);
  switch (step.type) {
    case 'exit':
      return [];
    case 'branch':
      return [
        ...step.cases.map((c, i) => ({ field: ['cases', i, 'next'], target: c.next })),
        { field: [step.else ? 'else' : 'next'], target: step.else ?? step.next ?? following },
      ];
    case 'split':
      return step.variants.map((v, i) => ({ field: ['variants', i, 'next'], target: v.next }));
    case 'wait_for': {
      const edges = [{ field: [step.on_event ? 'on_event' : 'next'], target: step.on_event ?? step.next ?? following }];
      if (step.timeout)
        edges.push({
          field: [step.on_timeout ? 'on_timeout' : 'next'],
          target: step.on_timeout ?? step.next ?? following,
        });
      return edges;
    }
    default:
      return [{ field: ['next'], target: step.next ?? following }];
  }
}

/** Steps that pause the journey (they break loops). */
export function isWaitingStep(step: FlowStep): boolean {
  return step.type === 'wait' || step.type === 'wait_for';
}

/** Ids of steps reachable from the first one. */
export function reachableSteps(steps: readonly FlowStep[]): Set<string> {
  const index = new Map(steps.map((s, i) => [s.id, i]));
  const seen = new Set<string>();
  const stack = steps.length > 0 ? [steps[0].id] : [];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    const i = index.get(id);
    if (seen.has(id) || i === undefined) continue;
    seen.add(id);
    for (const edge of stepEdges(steps, i)) stack.push(edge.target);
  }
  return seen;
}

/** Loops made only of steps that never wait (each loop once, as a list of step ids). */
export function loopsWithoutWait(steps: readonly FlowStep[]): string[][] {
  const index = new Map(steps.map((s, i) => [s.id, i]));
  const state = new Map<string, 'open' | 'done'>();
  const loops: string[][] = [];
  const visit = (id: string, trail: string[]): void => {
    const i = index.get(id);
    if (i === undefined || isWaitingStep(steps[i]) || state.get(id) === 'done') return;
    if (state.get(id) === 'open') {
      loops.push(trail.slice(trail.indexOf(id)));
      return;
    }
    state.set(id, 'open');
    for (const edge of stepEdges(steps, i)) visit(edge.target, [...trail, id]);
    state.set(id, 'done');
  };
  for (const step of steps) visit(step.id, []);
  return loops;
}

/** A step as a node of the flow's graph (for drawing it). */
export interface FlowGraphNode {
  id: string;
  /** The step type, or `end` for the journey's end. */
  type: FlowStep['type'] | 'end';
  moment: Moment | null;
  /** `transactional` / `marketing` for emails, `survey` for surveys, null otherwise. */
  category: SendCategory | null;
  /** The step's `name`, else a short description (template, reason, duration, event...). */
  label: string;
}

export interface FlowGraphEdge {
  from: string;
  to: string;
  /** `when <condition>`, `else`, `<variant> 50%`, `on event`, `on timeout`; absent for a plain next step. */
  label?: string;
}

export interface FlowGraph {
  nodes: FlowGraphNode[];
  edges: FlowGraphEdge[];
}

function describeStep(step: FlowStep): string {
  switch (step.type) {
    case 'email':
      return `email ${step.template}`;
    case 'survey':
      return `${step.kind.toUpperCase()} survey ${step.template}`;
    case 'alert':
      return `alert ${step.reason} (${step.severity})`;
    case 'wait':
      return `wait ${step.duration ?? ''}${step.until_time ? ` until ${step.until_time}` : ''}${step.until ? ` until ${step.until}` : ''}`.trim();
    case 'wait_for':
      return `wait for ${step.event}${step.timeout ? ` (${step.timeout})` : ''}`;
    case 'branch':
      return 'branch';
    case 'split':
      return 'split';
    case 'update':
      return 'update profile';
    case 'exit':
      return step.reason ? `exit: ${step.reason}` : 'exit';
  }
}

function edgeLabel(step: FlowStep, field: readonly (string | number)[]): string | undefined {
  const [head, index] = field;
  if (step.type === 'branch') return head === 'cases' ? `when ${step.cases[index as number].when}` : 'else';
  if (step.type === 'split') {
    const variant = step.variants[index as number];
    return [variant.name, `${variant.percent}%`].filter(Boolean).join(' ');
  }
  if (step.type === 'wait_for') {
    if (head === 'on_timeout') return 'on timeout';
    if (head === 'on_event') return 'on event';
    // Both edges may use `next`: the first is the event's, a second the timeout's.
    return undefined;
  }
  return undefined;
}

/**
 * The flow as a graph: one node per step (with its moment and send category), an `end` node when
 * some step finishes the journey, and one edge per way a step can go next — the same edges the
 * validator checks (`stepEdges`), labelled with their condition. Pure.
 */
export function flowGraph(flow: { steps: readonly FlowStep[] }): FlowGraph {
  const nodes: FlowGraphNode[] = flow.steps.map((step) => ({
    id: step.id,
    type: step.type,
    moment: step.moment ?? null,
    category: step.type === 'email' ? step.category : step.type === 'survey' ? 'survey' : null,
    label: step.name ?? describeStep(step),
  }));
  const edges: FlowGraphEdge[] = [];
  flow.steps.forEach((step, index) => {
    stepEdges(flow.steps, index).forEach((edge, n) => {
      let label = edgeLabel(step, edge.field);
      if (step.type === 'wait_for' && label === undefined && step.timeout) label = n === 0 ? 'on event' : 'on timeout';
      edges.push({ from: step.id, to: edge.target, ...(label ? { label } : {}) });
    });
  });
  if (edges.some((edge) => edge.to === END_TARGET) && !flow.steps.some((step) => step.id === END_TARGET))
    nodes.push({ id: END_TARGET, type: 'end', moment: null, category: null, label: 'end' });
  return { nodes, edges };
}

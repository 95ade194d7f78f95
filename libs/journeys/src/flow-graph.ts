import { END_TARGET, type FlowStep } from './flow.schema';

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

/**
 * What a published flow version declares, read from `flow_versions.definition` (the flow as
 * published: steps with their type, `moment`, email `category`, survey `kind`, template; goals).
 * KPIs are grouped by these declarations, never by shipped flow or template ids. Anything
 * malformed is skipped rather than failing the request.
 */
import { flowGraph, type FlowGraphEdge, type FlowStep } from '@postventa/journeys';

export type Moment = 'fmot' | 'smot' | 'tmot';
export type SurveyKind = 'nps' | 'csat' | 'ces';

export interface StepEdge {
  to: string;
  /** Branch / wait_for / split label; absent for a plain `next`. */
  label?: string;
}

export interface StepDeclaration {
  id: string;
  name: string | null;
  type: string;
  moment: Moment | null;
  /** `transactional` / `marketing` for email steps, `survey` for survey steps, null otherwise. */
  category: string | null;
  survey_kind: SurveyKind | null;
  template: string | null;
  edges: StepEdge[];
}

export interface GoalDeclaration {
  id: string;
  event: string;
  within: string | null;
}

export interface FlowVersionDeclaration {
  flow_id: string;
  number: number;
  name: string;
  status: string;
  steps: StepDeclaration[];
  goals: GoalDeclaration[];
}

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const MOMENTS: readonly string[] = ['fmot', 'smot', 'tmot'];
const SURVEY_KINDS: readonly string[] = ['nps', 'csat', 'ces'];

/**
 * Where each step can go next, by the journeys library's flow graph (the same edges the validator
 * checks and the flow diagram draws). Stored definitions were validated when published; one the
 * graph cannot read gives steps without arrows rather than failing the request.
 */
function edgesByStep(steps: readonly Json[]): Map<string, StepEdge[]> {
  const byStep = new Map<string, StepEdge[]>();
  let edges: FlowGraphEdge[] = [];
  try {
    edges = flowGraph({ steps: steps as unknown as FlowStep[] }).edges;
  } catch {
    return byStep;
  }
  for (const { from, to, label } of edges) {
    const list = byStep.get(from) ?? [];
    list.push(label === undefined ? { to } : { to, label });
    byStep.set(from, list);
  }
  return byStep;
}

/** The steps of a stored flow definition, in order, with what each declares and its arrows. */
export function declaredSteps(definition: unknown): StepDeclaration[] {
  const raw = isRecord(definition) && Array.isArray(definition.steps) ? definition.steps.filter(isRecord) : [];
  const steps = raw.filter((s) => text(s.id) !== undefined);
  const edges = edgesByStep(steps);
  return steps.map((step) => {
    const type = text(step.type) ?? 'step';
    const moment = text(step.moment);
    const kind = text(step.kind);
    return {
      id: text(step.id) ?? '',
      name: text(step.name) ?? null,
      type,
      moment: moment && MOMENTS.includes(moment) ? (moment as Moment) : null,
      category: type === 'survey' ? 'survey' : type === 'email' ? (text(step.category) ?? null) : null,
      survey_kind: type === 'survey' && kind && SURVEY_KINDS.includes(kind) ? (kind as SurveyKind) : null,
      template: text(step.template) ?? null,
      edges: edges.get(text(step.id) ?? '') ?? [],
    };
  });
}

/** The goals a stored flow definition declares. */
export function declaredGoals(definition: unknown): GoalDeclaration[] {
  const raw = isRecord(definition) && Array.isArray(definition.goals) ? definition.goals.filter(isRecord) : [];
  return raw
    .filter((g) => text(g.id) !== undefined)
    .map((g) => ({ id: text(g.id) ?? '', event: text(g.event) ?? '', within: text(g.within) ?? null }));
}

/** Declarations of every stored version, looked up by flow id, version number and step id. */
export class FlowDeclarations {
  private readonly byVersion = new Map<string, FlowVersionDeclaration>();
  private readonly newest = new Map<string, FlowVersionDeclaration>();

  constructor(versions: readonly FlowVersionDeclaration[]) {
    for (const v of versions) {
      this.byVersion.set(`${v.flow_id}@${v.number}`, v);
      const current = this.newest.get(v.flow_id);
      if (!current || v.number > current.number) this.newest.set(v.flow_id, v);
    }
  }

  static fromRows(
    rows: ReadonlyArray<{ flow_id: string; number: number; name: string; status: string; definition: unknown }>,
  ): FlowDeclarations {
    return new FlowDeclarations(
      rows.map((r) => ({
        flow_id: r.flow_id,
        number: r.number,
        name: r.name,
        status: r.status,
        steps: declaredSteps(r.definition),
        goals: declaredGoals(r.definition),
      })),
    );
  }

  /** The step as declared by the version a journey ran; the newest version's when that one is unknown. */
  step(flowId: string, version: number | null, stepId: string): StepDeclaration | undefined {
    const exact = version === null ? undefined : this.byVersion.get(`${flowId}@${version}`);
    return (exact ?? this.newest.get(flowId))?.steps.find((s) => s.id === stepId);
  }

  /** The newest version of every flow, by flow id. */
  flows(): FlowVersionDeclaration[] {
    return [...this.newest.values()].sort((a, b) => a.flow_id.localeCompare(b.flow_id));
  }

  /** Every (flow, version, step) whose declaration matches, e.g. the email steps of the tmot moment. */
  stepsWhere(
    match: (step: StepDeclaration) => boolean,
  ): Array<{ flow_id: string; flow_version: number; step_id: string }> {
    const keys: Array<{ flow_id: string; flow_version: number; step_id: string }> = [];
    for (const v of this.byVersion.values())
      for (const s of v.steps) if (match(s)) keys.push({ flow_id: v.flow_id, flow_version: v.number, step_id: s.id });
    return keys;
  }
}

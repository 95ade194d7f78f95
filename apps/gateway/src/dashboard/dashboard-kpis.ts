/**
 * The KPI object behind the dashboard: `GET /v1/kpis` returns it as JSON and `GET /dashboard`
 * renders exactly it. Plain data only, so the view stays a pure function.
 */
export interface CountByKey {
  key: string;
  count: number;
}

export interface FunnelKpis {
  /** FMOT */
  orders: number;
  journeysEntered: number;
  /** SMOT: goal `first-use` conversions or `product.first_used` events, per customer and order. */
  firstUse: number;
  surveysAnswered: number;
  /** TMOT */
  promoters: number;
  reviewRequestsSent: number;
}

export interface EmailKpis {
  sent: number;
  opened: number;
  clicked: number;
  bounced: number;
  suppressed: number;
}

export interface NpsKpis {
  /** Answers per score, index 0..10. */
  distribution: number[];
  responses: number;
  detractors: number;
  passives: number;
  promoters: number;
  /** -100..100, null without answers. */
  score: number | null;
}

export interface AlertKpis {
  open: number;
  openBySeverity: CountByKey[];
  openByReason: CountByKey[];
  raised: number;
  acknowledged: number;
  /** Mean time from raise to acknowledge of the alerts acknowledged in the period, null when none. */
  avgAcknowledgeSeconds: number | null;
}

export interface TrendPoint {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  journeysEntered: number;
}

export interface FlowEdge {
  to: string;
  /** Branch / wait_for / split label; absent for a plain `next`. */
  label?: string;
}

export interface FlowStepNode {
  id: string;
  type: string;
  edges: FlowEdge[];
}

export interface FlowKpis {
  id: string;
  name: string;
  version: number;
  status: string;
  steps: FlowStepNode[];
  /** Journeys that reached each step in the period (any version of the flow), by step id. */
  stepCounts: Record<string, number>;
}

export interface Kpis {
  period: { days: number; from: string; to: string };
  funnel: FunnelKpis;
  emails: EmailKpis;
  nps: NpsKpis;
  alerts: AlertKpis;
  trend: TrendPoint[];
  flows: FlowKpis[];
}

export const DEFAULT_DAYS = 30;
export const MAX_DAYS = 366;

/** `?days=`: a whole number of days, 1..366; undefined or empty means the default. */
export function parseDays(raw: unknown): number | null {
  if (raw === undefined || raw === '') return DEFAULT_DAYS;
  if (typeof raw !== 'string' || !/^\d{1,4}$/.test(raw)) return null;
  const days = Number(raw);
  return days >= 1 && days <= MAX_DAYS ? days : null;
}

/** NPS from the 0..10 distribution: promoters 9-10, passives 7-8, detractors 0-6. */
export function npsFromDistribution(counts: readonly number[]): NpsKpis {
  const distribution = Array.from({ length: 11 }, (_, score) => counts[score] ?? 0);
  const sum = (from: number, to: number) => distribution.slice(from, to + 1).reduce((a, b) => a + b, 0);
  const detractors = sum(0, 6);
  const passives = sum(7, 8);
  const promoters = sum(9, 10);
  const responses = detractors + passives + promoters;
  const score = responses === 0 ? null : Math.round(((promoters - detractors) / responses) * 100);
  return { distribution, responses, detractors, passives, promoters, score };
}

type StepRecord = Record<string, unknown>;

const isRecord = (value: unknown): value is StepRecord =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * The boxes and arrows of a stored flow definition (`flow_versions.definition`): `next` (default:
 * the following step, or `end`), wait_for `on_event` / `on_timeout`, branch `cases` / `else`,
 * split `variants`. Anything malformed is skipped rather than failing the page.
 */
export function flowSteps(definition: unknown): FlowStepNode[] {
  const raw = isRecord(definition) && Array.isArray(definition.steps) ? definition.steps.filter(isRecord) : [];
  const steps = raw.filter((s) => text(s.id) !== undefined);
  return steps.map((step, index) => {
    const following = text(steps[index + 1]?.id) ?? 'end';
    const type = text(step.type) ?? 'step';
    const edges: FlowEdge[] = [];
    if (type === 'branch') {
      const cases = Array.isArray(step.cases) ? step.cases.filter(isRecord) : [];
      for (const c of cases) {
        const to = text(c.next);
        if (to) edges.push({ to, label: `when ${text(c.when) ?? '?'}` });
      }
      edges.push({ to: text(step.else) ?? following, label: 'else' });
    } else if (type === 'split') {
      const variants = Array.isArray(step.variants) ? step.variants.filter(isRecord) : [];
      for (const v of variants) {
        const to = text(v.next);
        const percent = typeof v.percent === 'number' ? `${v.percent}%` : '';
        if (to) edges.push({ to, label: [text(v.name), percent].filter(Boolean).join(' ') || 'variant' });
      }
    } else if (type === 'wait_for') {
      edges.push({ to: text(step.on_event) ?? text(step.next) ?? following, label: 'on event' });
      const timeout = text(step.on_timeout);
      if (timeout) edges.push({ to: timeout, label: 'on timeout' });
    } else if (type !== 'exit') {
      edges.push({ to: text(step.next) ?? following });
    }
    return { id: text(step.id) ?? '', type, edges };
  });
}

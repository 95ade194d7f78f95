import { Injectable } from '@nestjs/common';
import { FlowDeclarations, type StepDeclaration } from './flow-declarations';
import { CES_POSITIVE_FROM, CSAT_POSITIVE_FROM, npsFromCounts, rate, scaleSummary, wholeSeconds } from './kpi-math';
import {
  type AnswerRow,
  type DeliveryRow,
  type FlowEventRow,
  KpisRepository,
  type Period,
  type StepRow,
  type TrendRow,
} from './kpis.repository';
import {
  type EmailCounts,
  type FlowKpis,
  type GroupKpis,
  type KpisQuery,
  type KpisResponse,
  queryPeriod,
  type Satisfaction,
  type StepFigures,
} from './kpis.schemas';

/** The first day (YYYY-MM-DD) of every trend bucket from `from` to `to`: UTC days, or ISO weeks (Monday). */
export function bucketStarts(from: Date, to: Date, bucket: 'day' | 'week'): string[] {
  const start = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
  if (bucket === 'week') start.setUTCDate(start.getUTCDate() - ((start.getUTCDay() + 6) % 7));
  const step = bucket === 'week' ? 7 : 1;
  const starts: string[] = [];
  for (const d = start; d.getTime() < to.getTime(); d.setUTCDate(d.getUTCDate() + step))
    starts.push(d.toISOString().slice(0, 10));
  return starts;
}

const emptyFigures = (): Omit<StepFigures, 'drop_off' | 'drop_off_rate'> => ({
  entered: 0,
  completed: 0,
  exited: 0,
  converted: 0,
});

function withDropOff<T extends Omit<StepFigures, 'drop_off' | 'drop_off_rate'>>(f: T): T & StepFigures {
  const dropOff = Math.max(0, f.entered - f.completed);
  return { ...f, drop_off: dropOff, drop_off_rate: rate(dropOff, f.entered) };
}

function addFigures(into: Omit<StepFigures, 'drop_off' | 'drop_off_rate'>, row: StepRow): void {
  into.entered += row.entered;
  into.completed += row.completed;
  into.exited += row.exited;
  into.converted += row.converted;
}

type Tally = Map<string, number>;
const bump = (map: Tally, key: string, n: number) => map.set(key, (map.get(key) ?? 0) + n);
const keyCounts = (map: Tally | undefined) =>
  [...(map ?? new Map<string, number>())]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));

const nonZero = (counts: Record<string, number> | undefined): Tally =>
  new Map(Object.entries(counts ?? {}).filter(([, n]) => n > 0));

const emptyEmail = (): Omit<EmailCounts, 'open_rate' | 'click_rate'> => ({
  sent: 0,
  failed: 0,
  bounced: 0,
  suppressed: 0,
  unknown: 0,
  opened: 0,
  clicked: 0,
  unsubscribed: 0,
});
const EMAIL_FIELDS = Object.keys(emptyEmail()) as Array<keyof ReturnType<typeof emptyEmail>>;
const withEmailRates = (e: ReturnType<typeof emptyEmail>): EmailCounts => ({
  ...e,
  open_rate: rate(e.opened, e.sent),
  click_rate: rate(e.clicked, e.sent),
});

interface SatisfactionTally {
  sent: number;
  answeredOfSent: number;
  answers: number;
  scores: Record<'nps' | 'csat' | 'ces', Tally>;
}
const emptySatisfaction = (): SatisfactionTally => ({
  sent: 0,
  answeredOfSent: 0,
  answers: 0,
  scores: { nps: new Map(), csat: new Map(), ces: new Map() },
});
function satisfaction(t: SatisfactionTally): Satisfaction {
  const numeric = (m: Tally) => new Map([...m].map(([k, v]) => [Number(k), v]));
  return {
    surveys_sent: t.sent,
    surveys_answered: t.answers,
    response_rate: rate(t.answeredOfSent, t.sent),
    nps: npsFromCounts(numeric(t.scores.nps)),
    csat: scaleSummary(numeric(t.scores.csat), CSAT_POSITIVE_FROM),
    ces: scaleSummary(numeric(t.scores.ces), CES_POSITIVE_FROM),
  };
}

/**
 * Assembles `GET /v1/kpis` from the repository's facts and the flows' declarations: a step's
 * moment, type, category and survey kind come from the flow version the journey ran, so a flow
 * anyone writes is measured the same way as the shipped ones.
 */
@Injectable()
export class KpisService {
  constructor(private readonly repository: KpisRepository) {}

  async kpis(query: KpisQuery, now: Date): Promise<KpisResponse> {
    const { from, to } = queryPeriod(query, now);
    const flowId = query.flow ?? null;
    const period: Period = [from, to, flowId];
    const versions = await this.repository.flowVersions(flowId);
    const declarations = FlowDeclarations.fromRows(versions);
    const tmotEmailSteps = declarations.stepsWhere((s) => s.moment === 'tmot' && s.type === 'email');
    const [steps, flowEvents, deliveries, answers, customers, tmot, alerts, trend] = await Promise.all([
      this.repository.steps(period),
      this.repository.flowEvents(period),
      this.repository.deliveries(period),
      this.repository.answers(period),
      this.repository.customerFacts(period, query.first_use_days, query.outcome_days),
      this.repository.tmot(period, tmotEmailSteps),
      this.repository.alerts(period),
      this.repository.trend(period, query.bucket),
    ]);

    const groups = this.groups(steps, declarations);
    const flows = this.flows(declarations, steps, flowEvents, flowId);
    const emails = this.emails(deliveries);
    const sat = this.satisfaction(deliveries, answers, declarations);
    const reviewRequestsSent = deliveries
      .filter(
        (d) => this.declared(declarations, d)?.moment === 'tmot' && this.declared(declarations, d)?.type === 'email',
      )
      .reduce((sum, d) => sum + d.sent, 0);
    const journeysEntered = flowEvents
      .filter((r) => r.type === 'journey.entered')
      .reduce((sum, r) => sum + r.journeys, 0);

    return {
      period: {
        from: from.toISOString(),
        to: to.toISOString(),
        bucket: query.bucket,
        flow: flowId,
        first_use_days: query.first_use_days,
        outcome_days: query.outcome_days,
      },
      funnel: {
        orders: customers.orders,
        delivered_orders: customers.delivered_orders,
        journeys_entered: journeysEntered,
        first_use: customers.first_use,
        surveys_answered: sat.overall.surveys_answered,
        promoters: tmot.promoters,
        review_requests_sent: reviewRequestsSent,
      },
      ...groups,
      flows,
      first_use: {
        delivered_orders: customers.fu_delivered,
        converted: customers.fu_converted,
        conversion_rate: rate(customers.fu_converted, customers.fu_delivered),
        median_seconds_to_first_use: wholeSeconds(customers.fu_median_seconds),
        p90_seconds_to_first_use: wholeSeconds(customers.fu_p90_seconds),
      },
      satisfaction: sat,
      tmot: {
        review_requests_sent: reviewRequestsSent,
        review_requests_clicked: tmot.requests_clicked,
        promoters: tmot.promoters,
        promoters_clicked: tmot.promoters_clicked,
        promoter_click_rate: rate(tmot.promoters_clicked, tmot.promoters),
      },
      emails,
      outcomes: {
        customers_with_first_use: customers.oc_customers,
        refunded_or_returned: customers.oc_refunded,
        refund_rate: rate(customers.oc_refunded, customers.oc_customers),
        repeat_purchasers: customers.oc_repeat,
        repeat_purchase_rate: rate(customers.oc_repeat, customers.oc_customers),
      },
      alerts: {
        open: alerts.open,
        open_by_severity: alerts.open_by_severity,
        open_by_reason: alerts.open_by_reason,
        raised: alerts.raised,
        acknowledged: alerts.acknowledged,
        resolved: alerts.resolved,
        escalated: alerts.escalated,
        mean_seconds_to_acknowledge: wholeSeconds(alerts.ack_seconds),
        mean_seconds_to_resolve: wholeSeconds(alerts.resolve_seconds),
      },
      trend: this.trend(trend, bucketStarts(from, to, query.bucket)),
    };
  }

  private declared(declarations: FlowDeclarations, d: DeliveryRow): StepDeclaration | undefined {
    return d.flow_id && d.step_id ? declarations.step(d.flow_id, d.flow_version, d.step_id) : undefined;
  }

  /** Step figures summed by declared moment, step type, category and survey kind (declared steps listed even at zero). */
  private groups(
    steps: readonly StepRow[],
    declarations: FlowDeclarations,
  ): Pick<KpisResponse, 'by_moment' | 'by_step_type' | 'by_category' | 'by_survey_kind'> {
    const dimensions = {
      by_moment: (s: StepDeclaration) => s.moment,
      by_step_type: (s: StepDeclaration) => s.type,
      by_category: (s: StepDeclaration) => s.category,
      by_survey_kind: (s: StepDeclaration) => s.survey_kind,
    } as const;
    const result = {} as Pick<KpisResponse, keyof typeof dimensions>;
    type KeyOf = (s: StepDeclaration) => string | null;
    for (const [name, keyOf] of Object.entries(dimensions) as Array<[keyof typeof dimensions, KeyOf]>) {
      const tally = new Map<string, { figures: ReturnType<typeof emptyFigures>; steps: Set<string> }>();
      const entry = (key: string) => {
        let e = tally.get(key);
        if (!e) tally.set(key, (e = { figures: emptyFigures(), steps: new Set() }));
        return e;
      };
      for (const flow of declarations.flows().filter((f) => f.status !== 'archived'))
        for (const step of flow.steps) {
          const key = keyOf(step);
          if (key) entry(key).steps.add(`${flow.flow_id}/${step.id}`);
        }
      for (const row of steps) {
        if (row.flow_version === null) continue;
        const step = declarations.step(row.flow_id, row.flow_version, row.step_id);
        const key = step ? keyOf(step) : null;
        if (!key) continue;
        const e = entry(key);
        e.steps.add(`${row.flow_id}/${row.step_id}`);
        addFigures(e.figures, row);
      }
      result[name] = [...tally]
        .map(([key, e]): GroupKpis => ({ key, steps: e.steps.size, ...withDropOff(e.figures) }))
        .sort((a, b) => a.key.localeCompare(b.key));
    }
    return result;
  }

  /** Every flow (the newest version's steps; counts over every version), or just the filtered one. */
  private flows(
    declarations: FlowDeclarations,
    steps: readonly StepRow[],
    events: readonly FlowEventRow[],
    flowId: string | null,
  ): FlowKpis[] {
    const stepTotals = new Map<string, StepRow>();
    for (const row of steps) if (row.flow_version === null) stepTotals.set(`${row.flow_id}/${row.step_id}`, row);
    const flowTotals = (flow: string, type: FlowEventRow['type']) =>
      events
        .filter((e) => e.flow_id === flow && e.type === type && (type === 'journey.exited' || e.key === null))
        .reduce((sum, e) => sum + e.journeys, 0);
    const flowKeys = (flow: string, type: FlowEventRow['type']) =>
      new Map(
        events.filter((e) => e.flow_id === flow && e.type === type && e.key !== null).map((e) => [e.key!, e.journeys]),
      );

    return declarations
      .flows()
      .filter((f) => (flowId === null ? f.status !== 'archived' || flowTotals(f.flow_id, 'journey.entered') > 0 : true))
      .map((f) => {
        const entered = flowTotals(f.flow_id, 'journey.entered');
        const converted = flowTotals(f.flow_id, 'journey.converted');
        const byGoal = flowKeys(f.flow_id, 'journey.converted');
        return {
          id: f.flow_id,
          name: f.name,
          version: f.number,
          status: f.status,
          entered,
          exited: flowTotals(f.flow_id, 'journey.exited'),
          exits_by_reason: keyCounts(flowKeys(f.flow_id, 'journey.exited')),
          converted,
          conversion_rate: rate(converted, entered),
          goals: f.goals.map((g) => ({ ...g, converted: byGoal.get(g.id) ?? 0 })),
          steps: f.steps.map((s) => {
            const key = `${f.flow_id}/${s.id}`;
            const row = stepTotals.get(key);
            const figures = emptyFigures();
            if (row) addFigures(figures, row);
            return {
              ...s,
              ...withDropOff(figures),
              outcomes: keyCounts(nonZero(row?.outcomes)),
              exits_by_reason: keyCounts(nonZero(row?.exits)),
              median_seconds_in_step: wholeSeconds(row?.median_seconds),
            };
          }),
        };
      });
  }

  private emails(deliveries: readonly DeliveryRow[]): KpisResponse['emails'] {
    const totals = emptyEmail();
    const byTemplate = new Map<string, { template: string; locale: string | null } & ReturnType<typeof emptyEmail>>();
    for (const d of deliveries) {
      const key = `${d.template}\u0000${d.locale ?? ''}`;
      let group = byTemplate.get(key);
      if (!group) byTemplate.set(key, (group = { template: d.template, locale: d.locale, ...emptyEmail() }));
      for (const field of EMAIL_FIELDS) {
        totals[field] += d[field];
        group[field] += d[field];
      }
    }
    return {
      totals: withEmailRates(totals),
      by_template: [...byTemplate.values()]
        .map(({ template, locale, ...counts }) => ({ template, locale, ...withEmailRates(counts) }))
        .sort((a, b) => a.template.localeCompare(b.template) || (a.locale ?? '').localeCompare(b.locale ?? '')),
    };
  }

  /**
   * Overall, per flow and after first use. Surveys sent: deliveries of survey steps (by the flow's
   * declaration; the command type when the version is unknown); response rate: the share of those
   * answered by now. Scores: the answers given in the period.
   */
  private satisfaction(
    deliveries: readonly DeliveryRow[],
    answers: readonly AnswerRow[],
    declarations: FlowDeclarations,
  ): KpisResponse['satisfaction'] {
    const overall = emptySatisfaction();
    const afterFirstUse = emptySatisfaction();
    const byFlow = new Map<string, SatisfactionTally>();
    const flowTally = (flow: string | null) => {
      if (flow === null) return undefined;
      if (!byFlow.has(flow)) byFlow.set(flow, emptySatisfaction());
      return byFlow.get(flow);
    };
    for (const d of deliveries) {
      const step = this.declared(declarations, d);
      const isSurvey = step ? step.type === 'survey' : d.command_type === 'survey.send';
      if (!isSurvey || d.sent === 0) continue;
      for (const t of [overall, flowTally(d.flow_id)]) {
        if (!t) continue;
        t.sent += d.sent;
        t.answeredOfSent += d.answered;
      }
      afterFirstUse.sent += d.sent_after_first_use;
      afterFirstUse.answeredOfSent += d.answered_after_first_use;
    }
    for (const a of answers) {
      const targets = [overall, flowTally(a.flow_id), a.after_first_use ? afterFirstUse : undefined];
      for (const t of targets) {
        if (!t) continue;
        t.answers += a.answers;
        bump(t.scores[a.kind], String(a.score), a.answers);
      }
    }
    return {
      overall: satisfaction(overall),
      by_flow: [...byFlow]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([flow_id, t]) => ({ flow_id, ...satisfaction(t) })),
      after_first_use: satisfaction(afterFirstUse),
    };
  }

  private trend(rows: readonly TrendRow[], starts: readonly string[]): KpisResponse['trend'] {
    const points = new Map(
      starts.map((bucket_start) => [
        bucket_start,
        {
          bucket_start,
          journeys_entered: 0,
          journeys_converted: 0,
          emails_sent: 0,
          surveys_answered: 0,
          first_uses: 0,
          nps: null as number | null,
          csat: null as number | null,
          ces: null as number | null,
        },
      ]),
    );
    for (const row of rows) {
      const point = points.get(row.bucket_start);
      if (!point) continue;
      if (row.series === 'nps') {
        point.nps =
          row.value > 0 ? Math.round((((row.positive ?? 0) - (row.detractors ?? 0)) / row.value) * 100) : null;
      } else if (row.series === 'csat' || row.series === 'ces') point[row.series] = rate(row.positive ?? 0, row.value);
      else point[row.series] += row.value;
    }
    return [...points.values()];
  }
}

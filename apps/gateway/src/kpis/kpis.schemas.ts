import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

/**
 * `GET /v1/kpis`: the query it takes and the JSON it returns. Every figure is computed from what
 * the published flows declare (step `moment`, step type, email `category`, survey `kind`, goals),
 * never from shipped template or flow ids, so any flow a user writes is measured.
 *
 * Conventions: counts are whole numbers; rates are fractions 0..1 (null when the denominator is
 * 0); durations are seconds (null when there is nothing to measure); times are ISO 8601 UTC.
 */

export const MAX_RANGE_DAYS = 366;
export const DEFAULT_RANGE_DAYS = 30;
export const DEFAULT_FIRST_USE_DAYS = 14;
export const DEFAULT_OUTCOME_DAYS = 30;

const isoTime = z.union([z.iso.datetime({ offset: true }), z.iso.date()], {
  error: 'must be an ISO 8601 date (2026-01-31, UTC midnight) or date-time (2026-01-31T09:00:00Z)',
});
const days = (fallback: number) => z.coerce.number().int().min(1).max(MAX_RANGE_DAYS).default(fallback);

export const KPI_BUCKETS = ['day', 'week'] as const;
export type KpiBucket = (typeof KPI_BUCKETS)[number];

const DAY_MS = 86_400_000;

/** The instant of a `from` / `to` value: UTC midnight for a date alone. */
export function queryInstant(value: string): Date {
  return new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
}

/** The period a query asks for: `to` (default now) and `from` (default `to` minus 30 days). */
export function queryPeriod(query: { from?: string; to?: string }, now: Date): { from: Date; to: Date } {
  const to = query.to ? queryInstant(query.to) : now;
  const from = query.from ? queryInstant(query.from) : new Date(to.getTime() - DEFAULT_RANGE_DAYS * DAY_MS);
  return { from, to };
}

export const kpisQuerySchema = z
  .object({
    /** A flow id: every figure is then about that flow's journeys, sends and answers only. */
    flow: z.string().min(1).max(200).optional(),
    /** Start of the period (inclusive); default `to` minus 30 days. */
    from: isoTime.optional(),
    /** End of the period (exclusive); default now. */
    to: isoTime.optional(),
    /** Trend granularity: UTC days, or ISO weeks starting on Monday. */
    bucket: z.enum(KPI_BUCKETS).default('day'),
    /** FMOT→SMOT: a delivered order converts when its customer reaches first use within this many days. */
    first_use_days: days(DEFAULT_FIRST_USE_DAYS),
    /** Outcomes: refunds / returns and repeat purchases counted within this many days after first use. */
    outcome_days: days(DEFAULT_OUTCOME_DAYS),
  })
  .superRefine((q, ctx) => {
    const { from, to } = queryPeriod(q, new Date());
    if (from.getTime() >= to.getTime()) ctx.addIssue({ code: 'custom', path: ['from'], message: 'must be before to' });
    else if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS)
      ctx.addIssue({ code: 'custom', path: ['from'], message: `the period can be at most ${MAX_RANGE_DAYS} days` });
  });
export type KpisQuery = z.output<typeof kpisQuerySchema>;
export class KpisQueryDto extends createZodDto(kpisQuerySchema) {}

const count = z.number().int().min(0);
const rate = z.number().min(0).max(1).nullable();
const seconds = z.number().min(0).nullable();
const keyCount = z.object({ key: z.string(), count });

export const momentKeySchema = z.enum(['fmot', 'smot', 'tmot']);

/** What happened at one step (or a group of steps), for the journeys that reached it in the period. */
export const stepFiguresSchema = z.object({
  /** Journeys that reached the step. */
  entered: count,
  /** Journeys that got past it (outcome completed, timed_out, skipped or suppressed). */
  completed: count,
  /** Journeys that ended while at the step, any reason. */
  exited: count,
  /** Journeys that reached a flow goal while at the step. */
  converted: count,
  /** entered − completed: journeys that stopped here (still waiting, or left the flow here). */
  drop_off: count,
  drop_off_rate: rate,
});
export type StepFigures = z.infer<typeof stepFiguresSchema>;

export const flowEdgeSchema = z.object({ to: z.string(), label: z.string().optional() });

export const stepKpisSchema = stepFiguresSchema.extend({
  id: z.string(),
  name: z.string().nullable(),
  type: z.string(),
  /** As declared by the step. */
  moment: momentKeySchema.nullable(),
  /** Email steps: `transactional` / `marketing`; survey steps: `survey`; other steps: null. */
  category: z.string().nullable(),
  survey_kind: z.enum(['nps', 'csat', 'ces']).nullable(),
  template: z.string().nullable(),
  /** Arrows to the following steps (`next`, branch cases, split variants, wait_for event / timeout). */
  edges: z.array(flowEdgeSchema),
  /** Journeys by step outcome (completed, skipped, suppressed, waiting, timed_out, failed). */
  outcomes: z.array(keyCount),
  /** Journeys that ended at this step, by exit outcome (completed, goal_reached, cancelled, ...). */
  exits_by_reason: z.array(keyCount),
  /** Median time from reaching the step to getting past it, over the journeys that got past it. */
  median_seconds_in_step: seconds,
});
export type StepKpis = z.infer<typeof stepKpisSchema>;

export const goalKpisSchema = z.object({
  id: z.string(),
  event: z.string(),
  within: z.string().nullable(),
  converted: count,
});

export const flowKpisSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The newest published version (its steps are the ones listed; counts cover every version). */
  version: z.number().int(),
  status: z.string(),
  /** Journeys that entered the flow in the period. */
  entered: count,
  /** Journeys that ended in the period, any reason, and by exit outcome. */
  exited: count,
  exits_by_reason: z.array(keyCount),
  /** Journeys that reached at least one goal in the period, and conversions by goal. */
  converted: count,
  conversion_rate: rate,
  goals: z.array(goalKpisSchema),
  steps: z.array(stepKpisSchema),
});
export type FlowKpis = z.infer<typeof flowKpisSchema>;

/** The step figures summed over the steps that share a declared attribute. */
export const groupKpisSchema = stepFiguresSchema.extend({ key: z.string(), steps: count });
export type GroupKpis = z.infer<typeof groupKpisSchema>;

export const npsSchema = z.object({
  responses: count,
  promoters: count,
  passives: count,
  detractors: count,
  /** -100..100 (promoters % − detractors %), null without answers. */
  score: z.number().nullable(),
  /** Answers per score 0..10. */
  distribution: z.array(count).length(11),
});

export const scaleSchema = z.object({
  responses: count,
  /** Mean score (CSAT 1..5, CES 1..7). */
  average: z.number().nullable(),
  /** CSAT: share of 4-5 answers; CES: share of 5-7 answers (easy). */
  positive_rate: rate,
});

export const satisfactionSchema = z.object({
  /** Survey emails sent (deliveries of survey steps) and answered surveys of those. */
  surveys_sent: count,
  surveys_answered: count,
  response_rate: rate,
  nps: npsSchema,
  csat: scaleSchema,
  ces: scaleSchema,
});
export type Satisfaction = z.infer<typeof satisfactionSchema>;

export const emailCountsSchema = z.object({
  sent: count,
  failed: count,
  bounced: count,
  suppressed: count,
  /** The dispatcher could not tell whether SMTP accepted the email. */
  unknown: count,
  /** Distinct emails opened / clicked, and unsubscribes from their links. */
  opened: count,
  clicked: count,
  unsubscribed: count,
  open_rate: rate,
  click_rate: rate,
});
export type EmailCounts = z.infer<typeof emailCountsSchema>;

export const emailGroupSchema = emailCountsSchema.extend({ template: z.string(), locale: z.string().nullable() });

export const alertKpisSchema = z.object({
  /** Right now, regardless of the period. */
  open: count,
  open_by_severity: z.array(keyCount),
  open_by_reason: z.array(keyCount),
  /** In the period. */
  raised: count,
  acknowledged: count,
  resolved: count,
  escalated: count,
  mean_seconds_to_acknowledge: seconds,
  mean_seconds_to_resolve: seconds,
});

export const trendPointSchema = z.object({
  /** First day of the bucket, YYYY-MM-DD (UTC; weeks start on Monday). */
  bucket_start: z.string(),
  journeys_entered: count,
  journeys_converted: count,
  emails_sent: count,
  surveys_answered: count,
  first_uses: count,
  nps: z.number().nullable(),
  /** Share of the bucket's CSAT answers at 4-5 (as `satisfaction.csat.positive_rate`); null without answers. */
  csat: rate,
  /** Share of the bucket's CES answers at 5-7 (easy); null without answers. */
  ces: rate,
});

export const kpisResponseSchema = z.object({
  period: z.object({
    from: z.string(),
    to: z.string(),
    bucket: z.enum(KPI_BUCKETS),
    flow: z.string().nullable(),
    first_use_days: count,
    outcome_days: count,
  }),
  /** The journey path at a glance. */
  funnel: z.object({
    /** FMOT: orders placed and delivered (distinct order ids), journeys entered. */
    orders: count,
    delivered_orders: count,
    journeys_entered: count,
    /** SMOT: customers/orders that reached first use. */
    first_use: count,
    surveys_answered: count,
    /** TMOT: NPS promoters, review / referral requests sent (emails of tmot steps). */
    promoters: count,
    review_requests_sent: count,
  }),
  /** Step figures grouped by what the steps declare. */
  by_moment: z.array(groupKpisSchema),
  by_step_type: z.array(groupKpisSchema),
  by_category: z.array(groupKpisSchema),
  by_survey_kind: z.array(groupKpisSchema),
  flows: z.array(flowKpisSchema),
  /** FMOT→SMOT: delivered orders whose customer reached first use within `first_use_days`. */
  first_use: z.object({
    delivered_orders: count,
    converted: count,
    conversion_rate: rate,
    median_seconds_to_first_use: seconds,
    p90_seconds_to_first_use: seconds,
  }),
  satisfaction: z.object({
    overall: satisfactionSchema,
    by_flow: z.array(satisfactionSchema.extend({ flow_id: z.string() })),
    /** Answers given after the customer's first use (the SMOT survey). */
    after_first_use: satisfactionSchema,
  }),
  /** TMOT: review / referral requests and the promoters who acted on them. */
  tmot: z.object({
    review_requests_sent: count,
    /** Distinct emails of tmot steps with at least one click. */
    review_requests_clicked: count,
    promoters: count,
    promoters_clicked: count,
    promoter_click_rate: rate,
  }),
  emails: z.object({ totals: emailCountsSchema, by_template: z.array(emailGroupSchema) }),
  /** Customers who reached first use in the period, and what they did within `outcome_days` after it. */
  outcomes: z.object({
    customers_with_first_use: count,
    refunded_or_returned: count,
    refund_rate: rate,
    repeat_purchasers: count,
    repeat_purchase_rate: rate,
  }),
  alerts: alertKpisSchema,
  trend: z.array(trendPointSchema),
});
export type KpisResponse = z.infer<typeof kpisResponseSchema>;
export class KpisResponseDto extends createZodDto(kpisResponseSchema) {}

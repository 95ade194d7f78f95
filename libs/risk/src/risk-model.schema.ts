import { z } from 'zod';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { fixedIsoDurationMs } from '@postventa/contracts';
import { RiskModelError, RiskModelErrorCode, RiskModelProblem } from './risk-model.error';

/**
 * The shipped defaults. config/risk.yaml documents the same values (a spec keeps them equal);
 * every field left out of the YAML file falls back to its value here.
 */
const defaults = {
  levels: { medium: 30, high: 50, critical: 80 },
  alert_threshold: 50,
  change_delta: 10,
  surveys: { positive: { nps_min: 9, csat_min: 4, ces_max: 3 } },
  reasons: {
    detractor: { weight: 50, max_score: 6, window: 'P90D' },
    low_csat: { weight: 50, max_score: 2, window: 'P60D' },
    high_effort: { weight: 30, min_score: 5, window: 'P60D' },
    no_first_use: { weight: 50, after: 'P7D', window: 'P60D' },
    refund_requested: { weight: 50, window: 'P60D' },
    return_requested: { weight: 40, window: 'P60D' },
    repeated_tickets: { weight: 30, min_count: 2, window: 'P30D' },
    reopened_ticket: { weight: 30, window: 'P30D' },
    early_bounce: { weight: 25, within: 'P14D', window: 'P30D' },
    early_unsubscribe: { weight: 35, within: 'P14D', window: 'P30D' },
    usage_drop: { weight: 40, recent: 'P7D', baseline: 'P28D', ratio: 0.3, min_baseline: 3 },
  },
};

const score = (fallback: number) => z.number().min(0).max(100).default(fallback);
const weight = (fallback: number) =>
  z.number().min(0).max(100).default(fallback).describe('Points this reason adds to the score; 0 turns it off.');
const duration = (fallback: string) =>
  z
    .string()
    .refine((text) => fixedIsoDurationMs(text) !== null, {
      message: 'expected a fixed-length ISO 8601 duration such as P7D, P2W or PT12H (no months or years)',
    })
    .default(fallback);
const int = (min: number, max: number, fallback: number) => z.number().int().min(min).max(max).default(fallback);

const d = defaults.reasons;

const reasonsSchema = z
  .strictObject({
    detractor: z
      .strictObject({
        weight: weight(d.detractor.weight),
        max_score: int(0, 10, d.detractor.max_score).describe('NPS answers at or below this are detractors.'),
        window: duration(d.detractor.window),
      })
      .prefault({}),
    low_csat: z
      .strictObject({
        weight: weight(d.low_csat.weight),
        max_score: int(1, 5, d.low_csat.max_score).describe('CSAT answers (1-5) at or below this are low.'),
        window: duration(d.low_csat.window),
      })
      .prefault({}),
    high_effort: z
      .strictObject({
        weight: weight(d.high_effort.weight),
        min_score: int(1, 7, d.high_effort.min_score).describe('CES answers (1-7) at or above this are high effort.'),
        window: duration(d.high_effort.window),
      })
      .prefault({}),
    no_first_use: z
      .strictObject({
        weight: weight(d.no_first_use.weight),
        after: duration(d.no_first_use.after).describe('Silence after delivery before this reason holds.'),
        window: duration(d.no_first_use.window).describe('A delivery stops counting this long after it happened.'),
      })
      .prefault({}),
    refund_requested: z
      .strictObject({ weight: weight(d.refund_requested.weight), window: duration(d.refund_requested.window) })
      .prefault({}),
    return_requested: z
      .strictObject({ weight: weight(d.return_requested.weight), window: duration(d.return_requested.window) })
      .prefault({}),
    repeated_tickets: z
      .strictObject({
        weight: weight(d.repeated_tickets.weight),
        min_count: int(2, 1000, d.repeated_tickets.min_count).describe('Distinct tickets within the window.'),
        window: duration(d.repeated_tickets.window),
      })
      .prefault({}),
    reopened_ticket: z
      .strictObject({ weight: weight(d.reopened_ticket.weight), window: duration(d.reopened_ticket.window) })
      .prefault({}),
    early_bounce: z
      .strictObject({
        weight: weight(d.early_bounce.weight),
        within: duration(d.early_bounce.within).describe('A hard bounce this soon after a purchase counts.'),
        window: duration(d.early_bounce.window),
      })
      .prefault({}),
    early_unsubscribe: z
      .strictObject({
        weight: weight(d.early_unsubscribe.weight),
        within: duration(d.early_unsubscribe.within).describe('An unsubscribe this soon after a purchase counts.'),
        window: duration(d.early_unsubscribe.window),
      })
      .prefault({}),
    usage_drop: z
      .strictObject({
        weight: weight(d.usage_drop.weight),
        recent: duration(d.usage_drop.recent),
        baseline: duration(d.usage_drop.baseline),
        ratio: z.number().gt(0).lt(1).default(d.usage_drop.ratio),
        min_baseline: z.number().min(0).default(d.usage_drop.min_baseline),
      })
      .prefault({}),
  })
  .prefault({});

/**
 * The churn-risk model: weights, windows and thresholds. Unknown keys are rejected so a typo in
 * config/risk.yaml is reported instead of silently falling back to a default.
 */
export const riskModelSchema = z
  .strictObject({
    levels: z
      .strictObject({
        medium: score(defaults.levels.medium),
        high: score(defaults.levels.high),
        critical: score(defaults.levels.critical),
      })
      .prefault({}),
    alert_threshold: score(defaults.alert_threshold),
    change_delta: z.number().int().min(1).max(100).default(defaults.change_delta),
    surveys: z
      .strictObject({
        positive: z
          .strictObject({
            nps_min: int(0, 10, defaults.surveys.positive.nps_min),
            csat_min: int(1, 5, defaults.surveys.positive.csat_min),
            ces_max: int(1, 7, defaults.surveys.positive.ces_max),
          })
          .prefault({}),
      })
      .prefault({}),
    reasons: reasonsSchema,
  })
  .superRefine((model, ctx) => {
    const problem = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const { levels, surveys, reasons } = model;
    if (levels.high <= levels.medium) problem(['levels', 'high'], 'must be greater than levels.medium');
    if (levels.critical <= levels.high) problem(['levels', 'critical'], 'must be greater than levels.high');
    const positive = surveys.positive;
    if (positive.nps_min <= reasons.detractor.max_score)
      problem(['surveys', 'positive', 'nps_min'], 'must be greater than reasons.detractor.max_score');
    if (positive.csat_min <= reasons.low_csat.max_score)
      problem(['surveys', 'positive', 'csat_min'], 'must be greater than reasons.low_csat.max_score');
    if (positive.ces_max >= reasons.high_effort.min_score)
      problem(['surveys', 'positive', 'ces_max'], 'must be less than reasons.high_effort.min_score');
    const after = fixedIsoDurationMs(reasons.no_first_use.after);
    const window = fixedIsoDurationMs(reasons.no_first_use.window);
    if (after !== null && window !== null && window <= after)
      problem(['reasons', 'no_first_use', 'window'], 'must be longer than reasons.no_first_use.after');
  });

export type RiskModel = z.output<typeof riskModelSchema>;
/** What a YAML file may contain: every field optional. */
export type RiskModelInput = z.input<typeof riskModelSchema>;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** The model used when config/risk.yaml is absent; the same values the shipped file documents. */
export const defaultRiskModel: RiskModel = deepFreeze(structuredClone(defaults));

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

function problemsOf(error: z.ZodError): RiskModelProblem[] {
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message: 'unknown key' }))
      : [{ path: formatPath(issue.path), message: issue.message }],
  );
}

export type RiskModelResult = { ok: true; model: RiskModel } | { ok: false; error: RiskModelError };

/** Parses the text of a risk model YAML file without throwing. Empty text gives the defaults. */
export function safeParseRiskModel(yamlText: string): RiskModelResult {
  let raw: unknown;
  try {
    raw = parseYaml(yamlText, { prettyErrors: true, uniqueKeys: true }) ?? {};
  } catch (error: unknown) {
    const message = error instanceof YAMLParseError || error instanceof Error ? error.message : String(error);
    return { ok: false, error: new RiskModelError(RiskModelErrorCode.Syntax, [{ path: '(root)', message }]) };
  }
  const parsed = riskModelSchema.safeParse(raw);
  if (!parsed.success)
    return { ok: false, error: new RiskModelError(RiskModelErrorCode.Invalid, problemsOf(parsed.error)) };
  return { ok: true, model: parsed.data };
}

/**
 * Parses the text of a risk model YAML file (the app reads config/risk.yaml and passes its text).
 * Missing fields take their defaults.
 * @throws RiskModelError naming the path of the first bad value.
 */
export function parseRiskModel(yamlText: string): RiskModel {
  const result = safeParseRiskModel(yamlText);
  if (!result.ok) throw result.error;
  return result.model;
}

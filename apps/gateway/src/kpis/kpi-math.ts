/** Pure arithmetic behind the KPIs: rates, NPS, CSAT / CES summaries. No I/O. */

/** `part / whole` as a fraction rounded to 4 decimals; null when `whole` is 0. */
export function rate(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;
}

/** Whole seconds, or null for nothing measured (SQL NULL / NaN). */
export function wholeSeconds(value: number | string | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const n = Number(value);
  return Number.isFinite(n) ? Math.max(0, Math.round(n)) : null;
}

export interface Nps {
  responses: number;
  promoters: number;
  passives: number;
  detractors: number;
  score: number | null;
  distribution: number[];
}

/** NPS from answers per score 0..10: promoters 9-10, passives 7-8, detractors 0-6; score −100..100 rounded. */
export function npsFromCounts(counts: ReadonlyMap<number, number> | readonly number[]): Nps {
  const at = (score: number) =>
    (Array.isArray(counts) ? counts[score] : (counts as ReadonlyMap<number, number>).get(score)) ?? 0;
  const distribution = Array.from({ length: 11 }, (_, score) => at(score));
  const sum = (from: number, to: number) => distribution.slice(from, to + 1).reduce((a, b) => a + b, 0);
  const detractors = sum(0, 6);
  const passives = sum(7, 8);
  const promoters = sum(9, 10);
  const responses = detractors + passives + promoters;
  const score = responses === 0 ? null : Math.round(((promoters - detractors) / responses) * 100);
  return { responses, promoters, passives, detractors, score, distribution };
}

export interface ScaleSummary {
  responses: number;
  average: number | null;
  positive_rate: number | null;
}

/**
 * CSAT (1..5) or CES (1..7) from answers per score: mean score (2 decimals) and the share of
 * answers at or above `positiveFrom` (CSAT 4, CES 5).
 */
export function scaleSummary(counts: ReadonlyMap<number, number>, positiveFrom: number): ScaleSummary {
  let responses = 0;
  let total = 0;
  let positive = 0;
  for (const [score, n] of counts) {
    responses += n;
    total += score * n;
    if (score >= positiveFrom) positive += n;
  }
  return {
    responses,
    average: responses === 0 ? null : Math.round((total / responses) * 100) / 100,
    positive_rate: rate(positive, responses),
  };
}

export const CSAT_POSITIVE_FROM = 4;
export const CES_POSITIVE_FROM = 5;

import { z } from 'zod';

/** Identifiers (event ids, customer ids, order ids...) are opaque non-empty strings. */
export const MAX_ID_LENGTH = 256;

export function idString() {
  return z.string().min(1).max(MAX_ID_LENGTH);
}

/** Short free text such as a name, a reason or a label. */
export function text(max = 1000) {
  return z.string().min(1).max(max);
}

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d):([0-5]\d)(\.\d{1,9})?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this month.
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= last;
}

/**
 * An RFC 3339 timestamp with seconds and an explicit offset (`2025-03-14T09:30:00Z`,
 * `2025-03-14T09:30:00.123-03:00`). Leap seconds (`:60`) are refused: JavaScript cannot read them.
 */
export function timestamp() {
  return z
    .string()
    .regex(RFC3339, 'must be an RFC 3339 timestamp with a time zone, like 2025-03-14T09:30:00Z')
    .refine((s) => {
      const m = RFC3339.exec(s);
      // A string the pattern refused has its issue already.
      return m === null || isRealDate(Number(m[1]), Number(m[2]), Number(m[3]));
    }, 'must be a real calendar date')
    .meta({ format: 'date-time' });
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date (`2025-03-14`) or an RFC 3339 timestamp; estimates are often just a day. */
export function dateOrTimestamp() {
  return z
    .string()
    .regex(
      new RegExp(`${DATE_ONLY.source}|${RFC3339.source}`),
      'must be a date like 2025-03-14 or an RFC 3339 timestamp like 2025-03-14T09:30:00Z',
    )
    .refine((s) => {
      const m = DATE_ONLY.exec(s) ?? RFC3339.exec(s);
      return m === null || isRealDate(Number(m[1]), Number(m[2]), Number(m[3]));
    }, 'must be a real calendar date');
}

/** ISO 4217 alphabetic code. */
export function currency() {
  return z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 currency code of three uppercase letters, like EUR');
}

/** A money amount in major units (12.5 = twelve and a half euros); never negative. */
export function amount() {
  return z.number().min(0);
}

const BCP47 = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/;

function isCanonicalisable(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

/** A BCP 47 language tag such as `es`, `es-MX` or `pt-BR` (hyphens, not underscores). */
export function locale() {
  return z
    .string()
    .max(64)
    .regex(BCP47, 'must be a BCP 47 language tag like es, es-MX or pt-BR')
    .refine((s) => !BCP47.test(s) || isCanonicalisable(s), 'must be a BCP 47 language tag like es, es-MX or pt-BR');
}

const IANA_ZONE = /^[A-Za-z][A-Za-z0-9_+\-/]*$/;
const knownZones = new Map<string, boolean>();

/** Whether the runtime knows `zone` as an IANA time zone name (memoised; Intl is slow). */
export function isIanaTimeZone(zone: string): boolean {
  const cached = knownZones.get(zone);
  if (cached !== undefined) return cached;
  let known = IANA_ZONE.test(zone);
  if (known) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
    } catch {
      known = false;
    }
  }
  if (knownZones.size < 1000) knownZones.set(zone, known);
  return known;
}

/** An IANA time zone name such as `America/Mexico_City` or `UTC`. */
export function timeZone() {
  return z
    .string()
    .max(64)
    .regex(IANA_ZONE, 'must be an IANA time zone name like America/Mexico_City')
    .refine((s) => !IANA_ZONE.test(s) || isIanaTimeZone(s), 'must be an IANA time zone name like America/Mexico_City');
}

export function email() {
  return z.email('must be a valid email address').max(320);
}

export function httpUrl() {
  return z
    .url({ protocol: /^https?$/, error: 'must be an http or https URL' })
    .max(4096);
}

/** Arbitrary JSON object (not an array, not null). */
export function jsonObject() {
  return z.record(z.string(), z.unknown());
}

export const MOMENTS = ['fmot', 'smot', 'tmot'] as const;
/** Moments of truth: first (purchase), second (first use), third (sharing). */
export type Moment = (typeof MOMENTS)[number];
export const momentSchema = z.enum(MOMENTS);

/** A published flow version: customers finish the version they started. */
export const flowRefSchema = z.object({
  id: idString(),
  version: z.number().int().min(1),
});
export type FlowRef = z.infer<typeof flowRefSchema>;

export const SURVEY_KINDS = ['nps', 'csat', 'ces'] as const;
export type SurveyKind = (typeof SURVEY_KINDS)[number];
export const surveyKindSchema = z.enum(SURVEY_KINDS);

/** Inclusive score range of each survey kind. */
export const SURVEY_SCORE_RANGES: Readonly<Record<SurveyKind, { min: number; max: number }>> = {
  nps: { min: 0, max: 10 },
  csat: { min: 1, max: 5 },
  ces: { min: 1, max: 7 },
};

export const EMAIL_CATEGORIES = ['transactional', 'marketing'] as const;
export type EmailCategory = (typeof EMAIL_CATEGORIES)[number];
export const emailCategorySchema = z.enum(EMAIL_CATEGORIES);

export const ALERT_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];
export const alertSeveritySchema = z.enum(ALERT_SEVERITIES);

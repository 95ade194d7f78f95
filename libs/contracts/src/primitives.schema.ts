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
 * The span of time the contract accepts, `from` included, `until` excluded: before 1970 or from
 * 2100 on, a timestamp is a producer's bug (a zero date, a unit mix-up), and far outside it
 * PostgreSQL's `timestamptz` and JavaScript dates disagree or overflow.
 */
export const TIMESTAMP_RANGE = { from: '1970-01-01T00:00:00Z', until: '2100-01-01T00:00:00Z' } as const;
const RANGE_FROM_MS = Date.parse(TIMESTAMP_RANGE.from);
const RANGE_UNTIL_MS = Date.parse(TIMESTAMP_RANGE.until);
const OUT_OF_RANGE = `must be on or after ${TIMESTAMP_RANGE.from} and before ${TIMESTAMP_RANGE.until}`;
/**
 * The year of a date or timestamp is 1970 to 2099 (text that does not start with a year is left to
 * the format pattern). Also in the JSON Schema files; offsets at the edges are checked by `inRange`.
 */
const YEAR_IN_RANGE = /^(?!\d{4}-)|^(?:19[7-9]\d|20\d\d)-/;

/** Whether a date (`2025-03-14`, read as UTC midnight) or an RFC 3339 timestamp is in `TIMESTAMP_RANGE`. */
function inRange(s: string): boolean {
  const m = RFC3339.exec(s);
  if (m === null) return true; // a date alone: its year says it all
  const year = Number(m[1]);
  // Other years, and malformed text, have their issue already.
  if (year < 1970 || year > 2099) return true;
  const zone = m[8] as string;
  const offsetMinutes = zone === 'Z' ? 0 : (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  const ms = Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) - offsetMinutes * 60_000;
  return ms >= RANGE_FROM_MS && ms < RANGE_UNTIL_MS;
}

/**
 * An RFC 3339 timestamp with seconds and an explicit offset (`2025-03-14T09:30:00Z`,
 * `2025-03-14T09:30:00.123-03:00`), within `TIMESTAMP_RANGE`. Leap seconds (`:60`) are refused:
 * JavaScript cannot read them.
 */
export function timestamp() {
  return z
    .string()
    .regex(RFC3339, 'must be an RFC 3339 timestamp with a time zone, like 2025-03-14T09:30:00Z')
    .regex(YEAR_IN_RANGE, OUT_OF_RANGE)
    .refine((s) => {
      const m = RFC3339.exec(s);
      // A string the pattern refused has its issue already.
      return m === null || isRealDate(Number(m[1]), Number(m[2]), Number(m[3]));
    }, 'must be a real calendar date')
    .refine(inRange, OUT_OF_RANGE)
    .meta({ format: 'date-time' });
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A calendar date (`2025-03-14`) or an RFC 3339 timestamp, within `TIMESTAMP_RANGE`; estimates
 * are often just a day.
 */
export function dateOrTimestamp() {
  return z
    .string()
    .regex(
      new RegExp(`${DATE_ONLY.source}|${RFC3339.source}`),
      'must be a date like 2025-03-14 or an RFC 3339 timestamp like 2025-03-14T09:30:00Z',
    )
    .regex(YEAR_IN_RANGE, OUT_OF_RANGE)
    .refine((s) => {
      const m = DATE_ONLY.exec(s) ?? RFC3339.exec(s);
      return m === null || isRealDate(Number(m[1]), Number(m[2]), Number(m[3]));
    }, 'must be a real calendar date')
    .refine(inRange, OUT_OF_RANGE);
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

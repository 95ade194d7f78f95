import { parseIsoDuration } from '@postventa/contracts';
import { DateTime, IANAZone } from 'luxon';

export { parseIsoDuration };

export function isIsoDuration(text: string): boolean {
  return parseIsoDuration(text) !== null;
}

type ParsedDuration = NonNullable<ReturnType<typeof parseIsoDuration>>;

/**
 * Durations read once per text (flows name a handful): luxon's object and, when it has no years
 * or months and only whole numbers, its fixed length in milliseconds (in UTC a day is 24 hours).
 */
const durations = new Map<string, { duration: ParsedDuration; fixedMs: number | null } | null>();
const DURATION_CACHE_LIMIT = 5_000;

function readDuration(iso: string): { duration: ParsedDuration; fixedMs: number | null } | null {
  const known = durations.get(iso);
  if (known !== undefined) return known;
  const duration = parseIsoDuration(iso);
  const parts = duration ? Object.values(duration.toObject()) : [];
  const entry = duration
    ? {
        duration,
        fixedMs:
          duration.years === 0 && duration.months === 0 && parts.every((v) => Number.isInteger(v))
            ? duration.toMillis()
            : null,
      }
    : null;
  if (durations.size < DURATION_CACHE_LIMIT) durations.set(iso, entry);
  return entry;
}

/** `at` plus an ISO 8601 duration, computed in UTC (so `P1D` is 24 hours). */
export function addIsoDuration(at: Date, iso: string): Date {
  const read = readDuration(iso);
  if (!read) throw new Error(`invalid ISO 8601 duration '${iso}'`);
  if (read.fixedMs !== null) return new Date(at.getTime() + read.fixedMs);
  return DateTime.fromJSDate(at, { zone: 'utc' }).plus(read.duration).toJSDate();
}

/** `at` minus an ISO 8601 duration, computed in UTC. */
export function subtractIsoDuration(at: Date, iso: string): Date {
  const read = readDuration(iso);
  if (!read) throw new Error(`invalid ISO 8601 duration '${iso}'`);
  if (read.fixedMs !== null) return new Date(at.getTime() - read.fixedMs);
  return DateTime.fromJSDate(at, { zone: 'utc' }).minus(read.duration).toJSDate();
}

const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isTimeOfDay(text: string): boolean {
  return TIME_OF_DAY.test(text);
}

/** Answers of `IANAZone.isValidZone`, which builds an `Intl.DateTimeFormat` on every call. */
const zoneValidity = new Map<string, boolean>();
/** Zone names come from customer profiles; past this many distinct ones, answers are not kept. */
const ZONE_CACHE_LIMIT = 2_000;

export function isTimeZone(zone: string): boolean {
  const known = zoneValidity.get(zone);
  if (known !== undefined) return known;
  const valid = IANAZone.isValidZone(zone);
  if (zoneValidity.size < ZONE_CACHE_LIMIT) zoneValidity.set(zone, valid);
  return valid;
}

function minutesOf(time: string): number {
  const match = TIME_OF_DAY.exec(time);
  if (!match) throw new Error(`invalid time of day '${time}' (expected HH:MM)`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** Picks the zone to use: the customer's when valid, else the fallback, else UTC. */
export function resolveZone(zone: string | undefined, fallback = 'UTC'): string {
  if (zone && isTimeZone(zone)) return zone;
  return isTimeZone(fallback) ? fallback : 'UTC';
}

/** The first instant at or after `from` whose local time in `zone` is `time` (HH:MM). */
export function nextLocalTime(from: Date, time: string, zone: string): Date {
  const minutes = minutesOf(time);
  const local = DateTime.fromJSDate(from, { zone });
  let candidate = local.set({ hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0, millisecond: 0 });
  if (candidate.toMillis() < from.getTime()) candidate = candidate.plus({ days: 1 });
  return candidate.toJSDate();
}

/**
 * UTC offsets (minutes) per zone and quarter hour. Offsets change on whole quarter hours (UTC) in
 * every zone since 1970; a quarter whose start and end offsets differ is not kept and asks luxon.
 */
const QUARTER_MS = 15 * 60_000;
const offsets = new Map<string, number>();
const OFFSET_CACHE_LIMIT = 20_000;

function offsetMinutes(at: number, zone: string): number {
  const quarter = Math.floor(at / QUARTER_MS);
  const key = `${zone}|${quarter}`;
  const known = offsets.get(key);
  if (known !== undefined) return known;
  const iana = IANAZone.create(zone);
  const offset = iana.offset(at);
  if (iana.offset(quarter * QUARTER_MS) === offset && iana.offset((quarter + 1) * QUARTER_MS - 1) === offset) {
    if (offsets.size >= OFFSET_CACHE_LIMIT) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

/** Minute of the local day (0..1439) of `at` in `zone`. */
function localMinuteOfDay(at: Date, zone: string): number {
  const localMs = at.getTime() + offsetMinutes(at.getTime(), zone) * 60_000;
  const dayMs = 24 * 60 * 60_000;
  return Math.floor((((localMs % dayMs) + dayMs) % dayMs) / 60_000);
}

/** Whether local time of `at` in `zone` falls in [start, end), wrapping midnight when start > end. */
export function isWithinLocalWindow(at: Date, start: string, end: string, zone: string): boolean {
  let minute: number;
  if (isTimeZone(zone)) minute = localMinuteOfDay(at, zone);
  else {
    const local = DateTime.fromJSDate(at, { zone });
    minute = local.hour * 60 + local.minute;
  }
  const from = minutesOf(start);
  const to = minutesOf(end);
  if (from === to) return false;
  return from < to ? minute >= from && minute < to : minute >= from || minute < to;
}

export function maxDate(a: Date, b: Date): Date {
  return a.getTime() >= b.getTime() ? a : b;
}

/** Parses an ISO timestamp or a Date; null when invalid. */
export function toDate(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === 'string' && value.length > 0) {
    const parsed = DateTime.fromISO(value, { zone: 'utc' });
    return parsed.isValid ? parsed.toJSDate() : null;
  }
  return null;
}

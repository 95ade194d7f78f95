import { parseIsoDuration } from '@postventa/contracts';
import { DateTime, IANAZone } from 'luxon';

export { parseIsoDuration };

export function isIsoDuration(text: string): boolean {
  return parseIsoDuration(text) !== null;
}

/** `at` plus an ISO 8601 duration, computed in UTC (so `P1D` is 24 hours). */
export function addIsoDuration(at: Date, iso: string): Date {
  const duration = parseIsoDuration(iso);
  if (!duration) throw new Error(`invalid ISO 8601 duration '${iso}'`);
  return DateTime.fromJSDate(at, { zone: 'utc' }).plus(duration).toJSDate();
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

/** Whether local time of `at` in `zone` falls in [start, end), wrapping midnight when start > end. */
export function isWithinLocalWindow(at: Date, start: string, end: string, zone: string): boolean {
  const local = DateTime.fromJSDate(at, { zone });
  const minute = local.hour * 60 + local.minute;
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

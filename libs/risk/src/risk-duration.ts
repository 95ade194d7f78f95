const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

/** Fixed-length ISO 8601 durations only: weeks, days, hours, minutes, seconds (no months or years). */
const ISO_DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/**
 * Milliseconds of an ISO 8601 duration such as `P7D`, `P2W`, `PT12H` or `P1DT6H`; `null` when the
 * text is not one, is empty (`P`, `PT`) or uses calendar units (months, years) whose length varies.
 */
export function parseDuration(text: string): number | null {
  const match = ISO_DURATION.exec(text);
  if (!match || text === 'P' || text.endsWith('T')) return null;
  const [, weeks, days, hours, minutes, seconds] = match.map((part) => (part === undefined ? 0 : Number(part)));
  const ms = weeks * WEEK + days * DAY + hours * HOUR + minutes * MINUTE + seconds * 1000;
  return ms > 0 ? ms : null;
}

/** Like {@link parseDuration} for values already validated by the model schema. */
export function durationMs(text: string): number {
  const ms = parseDuration(text);
  if (ms === null) throw new RangeError(`Not a fixed-length ISO 8601 duration: ${text}`);
  return ms;
}

/** Plain English for a duration: `7 days`, `1 day 12 hours`, `30 minutes`. */
export function describeDuration(ms: number): string {
  const units: Array<[number, string]> = [
    [DAY, 'day'],
    [HOUR, 'hour'],
    [MINUTE, 'minute'],
    [1000, 'second'],
  ];
  const parts: string[] = [];
  let rest = ms;
  for (const [size, name] of units) {
    const count = Math.floor(rest / size);
    if (count > 0) {
      parts.push(`${count} ${name}${count === 1 ? '' : 's'}`);
      rest -= count * size;
    }
  }
  return parts.length > 0 ? parts.join(' ') : '0 seconds';
}

/** Whole days between two instants, rounded down. */
export function wholeDays(ms: number): number {
  return Math.floor(ms / DAY);
}

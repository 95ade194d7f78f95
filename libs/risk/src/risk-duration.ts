import { fixedIsoDurationMs } from '@postventa/contracts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Milliseconds of a fixed-length ISO 8601 duration already validated by the model schema. */
export function durationMs(text: string): number {
  const ms = fixedIsoDurationMs(text);
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

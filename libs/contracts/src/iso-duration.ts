import { Duration } from 'luxon';

/**
 * ISO 8601 durations as Postventa writes them (flows, risk model, teams, ALERT_SLA): whole years,
 * months, weeks, days, hours and minutes, seconds with an optional fraction, no sign. Also the
 * `pattern` of the published JSON Schemas.
 */
export const ISO_DURATION_PATTERN = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;

/**
 * The one ISO 8601 duration reader of the project, on luxon's `Duration.fromISO`: a positive
 * duration such as `P3D`, `PT2H`, `P1DT12H` or `P1M`; null when the text is not one or is zero.
 */
export function parseIsoDuration(text: unknown): Duration | null {
  if (typeof text !== 'string' || !ISO_DURATION_PATTERN.test(text)) return null;
  const duration = Duration.fromISO(text);
  if (!duration.isValid) return null;
  return Object.values(duration.toObject()).some((value) => value > 0) ? duration : null;
}

/**
 * Milliseconds of a positive fixed-length duration (weeks, days, hours, minutes, seconds), such as
 * `P7D`, `P2W` or `PT12H`; null when the text is not one or uses months or years, whose length varies.
 */
export function fixedIsoDurationMs(text: unknown): number | null {
  const duration = parseIsoDuration(text);
  if (!duration || duration.years !== 0 || duration.months !== 0) return null;
  return duration.toMillis();
}

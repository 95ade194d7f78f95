/**
 * Reason codes. Risk scoring names reasons as libs/risk does (`detractor`, `no_first_use`...);
 * flows and older producers may use the contract's names (`detractor_score`...). Both are stored
 * under the risk name, so a flow's alert and the score's alert for the same cause are one alert.
 */
const ALIASES: Readonly<Record<string, string>> = {
  detractor_score: 'detractor',
  low_ces: 'high_effort',
  ticket_reopened: 'reopened_ticket',
  silence: 'no_first_use',
};

/** The name templates translate (`alert.reasons.<key>` in flows/templates/locales). */
const TEMPLATE_KEYS: Readonly<Record<string, string>> = {
  detractor: 'detractor_score',
  high_effort: 'low_ces',
};

export function canonicalReason(code: string): string {
  const trimmed = code.trim();
  return Object.prototype.hasOwnProperty.call(ALIASES, trimmed) ? ALIASES[trimmed] : trimmed;
}

export function templateReasonKey(code: string): string {
  return Object.prototype.hasOwnProperty.call(TEMPLATE_KEYS, code) ? TEMPLATE_KEYS[code] : code;
}

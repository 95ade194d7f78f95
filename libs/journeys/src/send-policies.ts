import { addIsoDuration, isWithinLocalWindow, nextLocalTime, subtractIsoDuration } from './duration';
import type { SendRecord } from './events';
import type { FlowPolicies, SendCategory } from './flow.schema';

export type PolicyDecision =
  | { action: 'send' }
  | { action: 'defer'; until: Date; reason: 'quiet_hours' | 'frequency_cap' }
  | { action: 'skip'; reason: 'frequency_cap' };

/**
 * Decides whether a message of `category` may go out at `now`: quiet hours (local time in `zone`)
 * defer it to the end of the window; a full frequency cap defers it until the oldest counted send
 * leaves the window, or skips it. `history` is every recent send to the customer, across flows.
 */
export function checkSendPolicies(
  policies: FlowPolicies,
  category: SendCategory,
  now: Date,
  zone: string,
  history: readonly SendRecord[],
): PolicyDecision {
  const quiet = policies.quiet_hours;
  if (quiet && quiet.categories.includes(category) && isWithinLocalWindow(now, quiet.start, quiet.end, zone)) {
    return { action: 'defer', until: nextLocalTime(now, quiet.end, zone), reason: 'quiet_hours' };
  }
  const cap = policies.frequency_cap;
  if (!cap || !cap.categories.includes(category)) return { action: 'send' };
  const windowStart = subtractIsoDuration(now, cap.within).getTime();
  const counted = history
    .filter((s) => cap.categories.includes(s.category))
    .map((s) => Date.parse(s.at))
    .filter((t) => Number.isFinite(t) && t > windowStart && t <= now.getTime())
    .sort((a, b) => a - b);
  if (counted.length < cap.max) return { action: 'send' };
  if (cap.action === 'skip') return { action: 'skip', reason: 'frequency_cap' };
  const freesAt = addIsoDuration(new Date(counted[counted.length - cap.max]), cap.within);
  return {
    action: 'defer',
    until: freesAt.getTime() > now.getTime() ? freesAt : new Date(now.getTime() + 1000),
    reason: 'frequency_cap',
  };
}

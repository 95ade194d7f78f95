import { ALERT_SEVERITIES, type AlertSeverity } from '@postventa/contracts';
import { AlertError, AlertErrorCode } from './alert.error';
import type { AlertEventType, AlertReasonItem, AlertRecord, AlertTimelineEntry } from './alert.types';

/** What can happen to an alert after it was raised. */
export type AlertAction =
  | {
      type: 'signal';
      severity: AlertSeverity;
      at: string;
      reasons: AlertReasonItem[];
      timeline: AlertTimelineEntry[];
      riskScore?: number;
      actor: string;
    }
  | { type: 'acknowledge'; actor: string; note?: string }
  | { type: 'assign'; owner: string; actor: string; note?: string }
  | { type: 'resolve'; actor: string; note?: string }
  | { type: 'reopen'; actor: string; note?: string }
  | { type: 'auto_resolve'; cause: string; note?: string }
  | { type: 'escalate' };

export type AlertPatch = Partial<
  Pick<
    AlertRecord,
    | 'state'
    | 'severity'
    | 'resolution'
    | 'reasons'
    | 'timeline'
    | 'riskScore'
    | 'owner'
    | 'signalCount'
    | 'lastSignalAt'
    | 'acknowledgedAt'
    | 'acknowledgedBy'
    | 'resolvedAt'
    | 'resolvedBy'
    | 'resolutionNote'
    | 'escalatedAt'
  >
>;

/** The effect of an action: the fields that change and the history entry that records it. */
export interface AlertTransition {
  patch: AlertPatch;
  event: { type: AlertEventType; actor: string; note?: string; data: Record<string, unknown> };
}

export const SYSTEM_ACTOR = 'system';

const rank = (severity: AlertSeverity) => ALERT_SEVERITIES.indexOf(severity);

/** The more severe of two severities. */
export function maxSeverity(a: AlertSeverity, b: AlertSeverity): AlertSeverity {
  return rank(a) >= rank(b) ? a : b;
}

/** One step up (low → medium → high → critical); critical stays critical. */
export function bumpSeverity(severity: AlertSeverity): AlertSeverity {
  return ALERT_SEVERITIES[Math.min(ALERT_SEVERITIES.length - 1, rank(severity) + 1)];
}

/** The newest `limit` entries, oldest first, without repeating an entry already there. */
export function appendTimeline(
  timeline: readonly AlertTimelineEntry[],
  entries: readonly AlertTimelineEntry[],
  limit: number,
): AlertTimelineEntry[] {
  const seen = new Set(timeline.map((entry) => `${entry.at}|${entry.kind}|${entry.summary}`));
  const merged = [...timeline];
  for (const entry of entries) {
    const key = `${entry.at}|${entry.kind}|${entry.summary}`;
    if (seen.has(key)) continue;
    seen.add(key);
    merged.push(entry);
  }
  merged.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return merged.slice(-limit);
}

/** The reasons with `incoming` replacing the detail of a code already there. */
export function mergeReasons(
  reasons: readonly AlertReasonItem[],
  incoming: readonly AlertReasonItem[],
): AlertReasonItem[] {
  const byCode = new Map(reasons.map((reason) => [reason.code, reason]));
  for (const reason of incoming) byCode.set(reason.code, { ...byCode.get(reason.code), ...reason });
  return [...byCode.values()];
}

function invalid(alert: Pick<AlertRecord, 'id' | 'state'>, action: AlertAction['type'], why: string): AlertError {
  return new AlertError(AlertErrorCode.InvalidTransition, `Alert ${alert.id} ${why}`, { state: alert.state, action });
}

/**
 * The alert state machine: `open → acknowledged → resolved`, `open → resolved`, either
 * unresolved state → resolved automatically when the customer recovers, `resolved → open` when a
 * person reopens it (the owner stays; acknowledgement and resolution are cleared); `escalate` once, only
 * while nobody acknowledged it; `assign` and new signals while it is not resolved. Pure: returns
 * what changes, or throws `ALERT_INVALID_TRANSITION` (409). An automatic resolution of a resolved
 * alert returns null (nothing to do).
 */
export function transition(
  alert: AlertRecord,
  action: AlertAction,
  now: Date,
  timelineLimit = 20,
): AlertTransition | null {
  const at = now.toISOString();
  switch (action.type) {
    case 'signal': {
      if (alert.state === 'resolved') throw invalid(alert, action.type, 'is resolved; a new signal raises a new alert');
      const severity = maxSeverity(alert.severity, action.severity);
      return {
        patch: {
          signalCount: alert.signalCount + 1,
          lastSignalAt: action.at,
          severity,
          reasons: mergeReasons(alert.reasons, action.reasons),
          timeline: appendTimeline(alert.timeline, action.timeline, timelineLimit),
          ...(action.riskScore === undefined ? {} : { riskScore: action.riskScore }),
        },
        event: {
          type: 'updated',
          actor: action.actor,
          data: {
            signal_count: alert.signalCount + 1,
            severity,
            ...(severity === alert.severity ? {} : { previous_severity: alert.severity }),
          },
        },
      };
    }
    case 'acknowledge':
      if (alert.state === 'acknowledged')
        throw invalid(alert, action.type, `was already acknowledged by ${alert.acknowledgedBy ?? 'someone'}`);
      if (alert.state === 'resolved') throw invalid(alert, action.type, 'is resolved; it cannot be acknowledged');
      return {
        patch: { state: 'acknowledged', acknowledgedAt: at, acknowledgedBy: action.actor, owner: action.actor },
        event: {
          type: 'acknowledged',
          actor: action.actor,
          note: action.note,
          data: { owner: action.actor, previous_owner: alert.owner },
        },
      };
    case 'assign':
      if (alert.state === 'resolved') throw invalid(alert, action.type, 'is resolved; it cannot be assigned');
      return {
        patch: { owner: action.owner },
        event: {
          type: 'assigned',
          actor: action.actor,
          note: action.note,
          data: { owner: action.owner, previous_owner: alert.owner },
        },
      };
    case 'resolve':
      if (alert.state === 'resolved')
        throw invalid(alert, action.type, 'is already resolved; it cannot be resolved again');
      return {
        patch: {
          state: 'resolved',
          resolution: 'manual',
          resolvedAt: at,
          resolvedBy: action.actor,
          resolutionNote: action.note ?? null,
        },
        event: { type: 'resolved', actor: action.actor, note: action.note, data: { from: alert.state } },
      };
    case 'reopen':
      if (alert.state !== 'resolved')
        throw invalid(alert, action.type, `is ${alert.state}; only a resolved alert is reopened`);
      return {
        patch: {
          state: 'open',
          resolution: null,
          resolvedAt: null,
          resolvedBy: null,
          resolutionNote: null,
          acknowledgedAt: null,
          acknowledgedBy: null,
        },
        event: {
          type: 'reopened',
          actor: action.actor,
          note: action.note,
          data: { resolution: alert.resolution, resolved_by: alert.resolvedBy, owner: alert.owner },
        },
      };
    case 'auto_resolve':
      if (alert.state === 'resolved') return null;
      return {
        patch: {
          state: 'resolved',
          resolution: 'auto',
          resolvedAt: at,
          resolvedBy: SYSTEM_ACTOR,
          resolutionNote: action.note ?? `auto-resolved: ${action.cause}`,
        },
        event: {
          type: 'auto_resolved',
          actor: SYSTEM_ACTOR,
          note: action.note ?? `auto-resolved: ${action.cause}`,
          data: { cause: action.cause, from: alert.state },
        },
      };
    case 'escalate': {
      if (alert.state !== 'open')
        throw invalid(alert, action.type, `is ${alert.state}; only an unacknowledged alert is escalated`);
      if (alert.escalatedAt !== null) throw invalid(alert, action.type, 'was already escalated');
      const severity = bumpSeverity(alert.severity);
      return {
        patch: { escalatedAt: at, severity },
        event: {
          type: 'escalated',
          actor: SYSTEM_ACTOR,
          note: 'not acknowledged within its SLA',
          data: { severity, previous_severity: alert.severity, sla_due_at: alert.slaDueAt },
        },
      };
    }
  }
}

import { type EventEnvelope, makeEvent, type Moment, MOMENTS } from '@postventa/contracts';
import type { AlertEventRecord, AlertRecord } from './alert.types';

/** Deterministic: one history entry of one alert gives one activity event, whatever retries. */
export function alertActivityId(alert: Pick<AlertRecord, 'id'>, event: Pick<AlertEventRecord, 'id' | 'type'>): string {
  return `${alert.id}.${event.type}.${event.id}`;
}

function origin(alert: AlertRecord): Record<string, unknown> {
  const moment = MOMENTS.includes(alert.moment as Moment) ? (alert.moment as Moment) : undefined;
  return {
    alert_id: alert.id,
    ...(alert.journeyId ? { journey_id: alert.journeyId } : {}),
    ...(alert.flowId && alert.flowVersion ? { flow: { id: alert.flowId, version: alert.flowVersion } } : {}),
    ...(alert.stepId ? { step_id: alert.stepId } : {}),
    ...(moment ? { moment } : {}),
    ...(alert.orderId ? { order_id: alert.orderId } : {}),
  };
}

const clip = (text: string | null | undefined, max: number) => (text ? text.slice(0, max) : undefined);

/**
 * The activity event for one entry of an alert's history (`alert.raised`, `alert.acknowledged`,
 * `alert.resolved`, `alert.escalated`, and `alert.assigned`), or null for entries that are not
 * published (`updated`, `reopened`, `commented`).
 */
export function alertActivityEvent(alert: AlertRecord, entry: AlertEventRecord): EventEnvelope | null {
  const options = { id: alertActivityId(alert, entry), time: entry.at };
  const base = origin(alert);
  switch (entry.type) {
    case 'raised':
      return makeEvent(
        'alert.raised',
        alert.customerId,
        {
          ...base,
          ...(alert.commandId ? { command_id: alert.commandId } : {}),
          severity: alert.severity,
          reason: alert.reason,
          route: alert.team,
          ...(alert.owner ? { owner: alert.owner } : {}),
          ...(alert.note ? { note: clip(alert.note, 5000) } : {}),
          source: alert.source,
          sla_due_at: alert.slaDueAt,
          ...(alert.riskScore === null ? {} : { risk_score: alert.riskScore }),
        },
        options,
      );
    case 'acknowledged':
      return makeEvent(
        'alert.acknowledged',
        alert.customerId,
        {
          ...base,
          owner: alert.owner ?? entry.actor,
          severity: alert.severity,
          raised_at: alert.raisedAt,
          reason: alert.reason,
          actor: entry.actor,
        },
        options,
      );
    case 'resolved':
    case 'auto_resolved':
      return makeEvent(
        'alert.resolved',
        alert.customerId,
        {
          ...base,
          ...(alert.owner ? { owner: alert.owner } : {}),
          ...(entry.note ? { resolution: clip(entry.note, 5000) } : {}),
          severity: alert.severity,
          raised_at: alert.raisedAt,
          ...(alert.acknowledgedAt ? { acknowledged_at: alert.acknowledgedAt } : {}),
          reason: alert.reason,
          automatic: entry.type === 'auto_resolved',
          actor: entry.actor,
        },
        options,
      );
    case 'escalated':
      return makeEvent(
        'alert.escalated',
        alert.customerId,
        {
          ...base,
          severity: alert.severity,
          ...(typeof entry.data.previous_severity === 'string'
            ? { previous_severity: entry.data.previous_severity as AlertRecord['severity'] }
            : {}),
          level: 1,
          route: alert.team,
          ...(alert.owner ? { owner: alert.owner } : {}),
          reason: 'not_acknowledged',
          raised_at: alert.raisedAt,
          ...(typeof entry.data.escalated_to === 'string' ? { escalated_to: entry.data.escalated_to } : {}),
        },
        options,
      );
    case 'assigned':
      return makeEvent(
        'alert.assigned',
        alert.customerId,
        {
          ...base,
          owner: alert.owner,
          previous_owner: entry.data.previous_owner ?? null,
          severity: alert.severity,
          reason: alert.reason,
          actor: entry.actor,
        },
        options,
      );
    case 'updated':
    case 'reopened':
    case 'commented':
      return null;
  }
}

import type { AlertEventRecord, AlertNotificationRecord, AlertRecord } from '@postventa/alerts';
import type { AlertCommentJson, AlertEventJson, AlertJson, NotificationJson } from './alerts-api.schemas';

/** The admin API's view of an alert (snake_case, like events and commands). */
export function alertJson(alert: AlertRecord): AlertJson {
  return {
    id: alert.id,
    customer_id: alert.customerId,
    reason: alert.reason,
    source: alert.source,
    severity: alert.severity,
    state: alert.state,
    resolution: alert.resolution,
    reasons: alert.reasons,
    risk_score: alert.riskScore,
    team: alert.team,
    owner: alert.owner,
    signal_count: alert.signalCount,
    first_signal_at: alert.firstSignalAt,
    last_signal_at: alert.lastSignalAt,
    raised_at: alert.raisedAt,
    sla_due_at: alert.slaDueAt,
    acknowledged_at: alert.acknowledgedAt,
    acknowledged_by: alert.acknowledgedBy,
    resolved_at: alert.resolvedAt,
    resolved_by: alert.resolvedBy,
    resolution_note: alert.resolutionNote,
    escalated_at: alert.escalatedAt,
    origin: {
      command_id: alert.commandId,
      journey_id: alert.journeyId,
      flow: alert.flowId ? { id: alert.flowId, version: alert.flowVersion } : null,
      step_id: alert.stepId,
      moment: alert.moment,
      order_id: alert.orderId,
    },
    note: alert.note,
    timeline: alert.timeline,
    data: alert.data,
  };
}

export function alertEventJson(event: AlertEventRecord): AlertEventJson {
  return { id: event.id, type: event.type, actor: event.actor, note: event.note, data: event.data, at: event.at };
}

export function notificationJson(notification: AlertNotificationRecord): NotificationJson {
  return {
    id: notification.id,
    purpose: notification.purpose,
    channel: notification.channel,
    recipient: notification.recipient,
    status: notification.status,
    attempts: notification.attempts,
    next_attempt_at: notification.nextAttemptAt,
    http_status: notification.httpStatus,
    last_error: notification.lastError,
    sent_at: notification.sentAt,
  };
}

/** A `commented` history entry as a comment. */
export function commentJson(event: AlertEventRecord): AlertCommentJson {
  return { id: event.id, author: event.actor, body: event.note ?? '', created_at: event.at };
}

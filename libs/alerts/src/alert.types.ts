import type { AlertSeverity } from '@postventa/contracts';

export const ALERT_STATES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

/** `manual`: a support lead resolved it; `auto`: the customer recovered (or the score fell). */
export type AlertResolution = 'manual' | 'auto';
/** `risk`: the engine's risk scoring; `flow`: an `alert` step of a journey (an `alert.raise` command). */
export type AlertSource = 'risk' | 'flow';

export interface AlertReasonItem {
  code: string;
  detail?: string;
}

/** One line of the customer's recent history, as shown to the support lead. */
export interface AlertTimelineEntry {
  at: string;
  kind: string;
  summary: string;
}

/** An alert as the services see it; instants are ISO strings. */
export interface AlertRecord {
  id: string;
  customerId: string;
  reason: string;
  source: AlertSource;
  severity: AlertSeverity;
  state: AlertState;
  resolution: AlertResolution | null;
  reasons: AlertReasonItem[];
  timeline: AlertTimelineEntry[];
  riskScore: number | null;
  team: string;
  owner: string | null;
  signalCount: number;
  firstSignalAt: string;
  lastSignalAt: string;
  raisedAt: string;
  slaDueAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
  resolutionNote: string | null;
  escalatedAt: string | null;
  commandId: string | null;
  journeyId: string | null;
  flowId: string | null;
  flowVersion: number | null;
  stepId: string | null;
  moment: string | null;
  orderId: string | null;
  note: string | null;
  data: Record<string, unknown>;
}

export const ALERT_EVENT_TYPES = [
  'raised',
  'updated',
  'assigned',
  'acknowledged',
  'resolved',
  'auto_resolved',
  'escalated',
  'reopened',
  'commented',
] as const;
export type AlertEventType = (typeof ALERT_EVENT_TYPES)[number];

/** One entry of an alert's history: every transition with who did it and why. */
export interface AlertEventRecord {
  id: string;
  alertId: string;
  type: AlertEventType;
  actor: string;
  note: string | null;
  data: Record<string, unknown>;
  at: string;
}

export type NotificationPurpose = 'raised' | 'assigned' | 'escalated';
export type NotificationChannel = 'email' | 'webhook';
export type NotificationStatus = 'pending' | 'sending' | 'sent' | 'failed';

export interface AlertNotificationRecord {
  id: string;
  alertId: string;
  purpose: NotificationPurpose;
  channel: NotificationChannel;
  recipient: string;
  status: NotificationStatus;
  attempts: number;
  nextAttemptAt: string;
  httpStatus: number | null;
  messageId: string | null;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

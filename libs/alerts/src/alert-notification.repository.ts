import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { returnedRows } from './sql-rows';
import type {
  AlertNotificationRecord,
  NotificationChannel,
  NotificationPurpose,
  NotificationStatus,
} from './alert.types';

interface NotificationRow {
  id: string;
  alert_id: string;
  purpose: NotificationPurpose;
  channel: NotificationChannel;
  recipient: string;
  status: NotificationStatus;
  attempts: number;
  next_attempt_at: Date;
  http_status: number | null;
  message_id: string | null;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
}

export interface QueuedNotification {
  alertId: string;
  purpose: NotificationPurpose;
  channel: NotificationChannel;
  recipient: string;
}

function toRecord(row: NotificationRow): AlertNotificationRecord {
  return {
    id: String(row.id),
    alertId: row.alert_id,
    purpose: row.purpose,
    channel: row.channel,
    recipient: row.recipient,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: new Date(row.next_attempt_at).toISOString(),
    httpStatus: row.http_status,
    messageId: row.message_id,
    lastError: row.last_error,
    createdAt: new Date(row.created_at).toISOString(),
    sentAt: row.sent_at === null ? null : new Date(row.sent_at).toISOString(),
  };
}

const COLUMNS =
  'id, alert_id, purpose, channel, recipient, status, attempts, next_attempt_at, http_status, message_id, last_error, created_at, sent_at';

/** Alert emails and webhooks to deliver: queued with the alert's change, claimed by the dispatcher's poller. */
@Injectable()
export class AlertNotificationRepository {
  /** Queues deliveries due now; the same alert, purpose, channel and recipient is queued once. */
  async queue(db: EntityManager, notifications: readonly QueuedNotification[], now: Date): Promise<void> {
    if (notifications.length === 0) return;
    await db.query(
      `INSERT INTO alert_notifications (alert_id, purpose, channel, recipient, next_attempt_at)
       SELECT alert_id, purpose, channel, recipient, $2
         FROM jsonb_to_recordset($1::jsonb) AS x(alert_id text, purpose text, channel text, recipient text)
       ON CONFLICT (alert_id, purpose, channel, recipient) DO NOTHING`,
      [
        JSON.stringify(
          notifications.map((n) => ({
            alert_id: n.alertId,
            purpose: n.purpose,
            channel: n.channel,
            recipient: n.recipient,
          })),
        ),
        now,
      ],
    );
  }

  /**
   * Claims due deliveries (pending, or sending with an expired lease: a dispatcher died mid-way)
   * with FOR UPDATE SKIP LOCKED, counts the attempt and leases them for `leaseMs`.
   */
  async claimDue(db: EntityManager, now: Date, limit: number, leaseMs: number): Promise<AlertNotificationRecord[]> {
    const result: unknown = await db.query(
      `UPDATE alert_notifications SET status = 'sending', attempts = attempts + 1, lease_until = $3, updated_at = $1
        WHERE id IN (
          SELECT id FROM alert_notifications
           WHERE (status = 'pending' AND next_attempt_at <= $1) OR (status = 'sending' AND lease_until < $1)
           ORDER BY next_attempt_at, id
           LIMIT $2
           FOR UPDATE SKIP LOCKED)
        RETURNING ${COLUMNS}`,
      [now, limit, new Date(now.getTime() + leaseMs)],
    );
    return returnedRows<NotificationRow>(result)
      .map(toRecord)
      .sort((a, b) => Number(a.id) - Number(b.id));
  }

  async markSent(
    db: EntityManager,
    id: string,
    outcome: { httpStatus?: number; messageId?: string },
    now: Date,
  ): Promise<void> {
    await db.query(
      `UPDATE alert_notifications SET status = 'sent', sent_at = $2, updated_at = $2, lease_until = NULL, http_status = $3, message_id = $4, last_error = NULL
        WHERE id = $1`,
      [id, now, outcome.httpStatus ?? null, outcome.messageId ?? null],
    );
  }

  /** Records a failed attempt: retried at `retryAt`, or given up (`failed`) when it is null. */
  async markFailed(
    db: EntityManager,
    id: string,
    outcome: { error: string; httpStatus?: number; retryAt: Date | null },
    now: Date,
  ): Promise<void> {
    await db.query(
      `UPDATE alert_notifications
          SET status = CASE WHEN $4::timestamptz IS NULL THEN 'failed' ELSE 'pending' END,
              next_attempt_at = COALESCE($4::timestamptz, next_attempt_at), lease_until = NULL,
              last_error = $2, http_status = $3, updated_at = $5
        WHERE id = $1`,
      [id, outcome.error.slice(0, 2000), outcome.httpStatus ?? null, outcome.retryAt, now],
    );
  }

  async ofAlert(db: EntityManager, alertId: string): Promise<AlertNotificationRecord[]> {
    const rows: NotificationRow[] = await db.query(
      `SELECT ${COLUMNS} FROM alert_notifications WHERE alert_id = $1 ORDER BY id`,
      [alertId],
    );
    return rows.map(toRecord);
  }
}

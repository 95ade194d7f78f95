import { Inject, Injectable } from '@nestjs/common';
import {
  acknowledgeUrl,
  type AlertNotificationRecord,
  AlertNotificationRepository,
  AlertRepository,
  TeamsDirectory,
} from '@postventa/alerts';
import {
  AppConfig,
  Clock,
  linkSigningKey,
  LOGGER,
  Logger,
  MetricsService,
  nextAttemptAt,
  RetryPolicy,
  signPayload,
} from '@postventa/platform';
import { TransactionRunner } from '@postventa/persistence';
import { AlertMailer } from './alert-mailer';
import { isRetryableStatus, WEBHOOK_SIGNATURE_HEADER, webhookBody } from './webhook-payload';
import { WebhookClient } from './webhook.client';

const LEASE_MS = 120_000;

type Outcome =
  | { ok: true; httpStatus?: number; messageId?: string }
  | { ok: false; error: string; httpStatus?: number; retryable: boolean };

/**
 * Delivers queued alert notifications: claims due rows (FOR UPDATE SKIP LOCKED, so several
 * dispatchers share the work), sends each email or signed webhook, and records the outcome:
 * sent, retried later with exponential backoff, or failed after the last attempt.
 */
@Injectable()
export class AlertDeliveryService {
  private readonly baseUrl: string;
  private readonly linkKey: string;
  private readonly retry: RetryPolicy;
  private readonly counter;

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly notifications: AlertNotificationRepository,
    private readonly alerts: AlertRepository,
    private readonly teams: TeamsDirectory,
    private readonly mailer: AlertMailer,
    private readonly webhooks: WebhookClient,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    metrics: MetricsService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.baseUrl = config.publicBaseUrl;
    this.linkKey = linkSigningKey(config);
    this.retry = {
      initialMs: config.get('ALERT_RETRY_INITIAL_MS'),
      maxMs: config.get('ALERT_RETRY_MAX_MS'),
      maxAttempts: config.get('ALERT_MAX_ATTEMPTS'),
    };
    if (!config.get('ALERT_WEBHOOK_SECRET') && teams.config.teams.some((team) => team.webhook_url)) {
      logger.warn('ALERT_WEBHOOK_SECRET is not set: alert webhooks are sent unsigned');
    }
    this.counter = metrics.counter(
      'postventa_alert_notifications_total',
      'Alert emails and webhooks by channel and outcome',
      ['channel', 'outcome'],
    );
  }

  /** Delivers what is due now; returns how many deliveries were attempted. */
  async deliverDue(limit = 20): Promise<number> {
    const claimed = await this.transactions.run((db) =>
      this.notifications.claimDue(db, this.clock.now(), limit, LEASE_MS),
    );
    for (const notification of claimed) {
      const outcome = await this.deliver(notification).catch((error: unknown): Outcome => ({
        ok: false,
        error: (error as Error).message,
        retryable: true,
      }));
      await this.record(notification, outcome);
    }
    return claimed.length;
  }

  private async deliver(notification: AlertNotificationRecord): Promise<Outcome> {
    const db = this.transactions.db;
    const alert = await this.alerts.findById(db, notification.alertId);
    if (!alert) return { ok: false, error: 'the alert no longer exists', retryable: false };
    const customer = await this.alerts.customerContact(db, alert.customerId);
    const team = this.teams.find(alert.team);
    if (notification.channel === 'webhook') {
      const escalatedTo = team?.escalation?.email;
      const ackAs =
        notification.purpose === 'escalated' && escalatedTo
          ? escalatedTo
          : (alert.owner ?? team?.members[0]?.email ?? 'support');
      const body = JSON.stringify(
        webhookBody(
          alert,
          notification.purpose,
          {
            customerName: customer.name,
            acknowledgeUrl: acknowledgeUrl(this.baseUrl, this.linkKey, alert.id, ackAs),
            escalatedTo,
          },
          this.clock.now().toISOString(),
        ),
      );
      const secret = this.config.get('ALERT_WEBHOOK_SECRET');
      const headers: Record<string, string> = {
        'X-Postventa-Event': `alert.${notification.purpose}`,
        'X-Postventa-Delivery': notification.id,
      };
      if (secret)
        headers[WEBHOOK_SIGNATURE_HEADER] = signPayload(secret, body, Math.floor(this.clock.now().getTime() / 1000));
      const result = await this.webhooks.post(notification.recipient, body, headers);
      return result.ok
        ? { ok: true, httpStatus: result.status }
        : {
            ok: false,
            error: result.error ?? 'webhook failed',
            httpStatus: result.status,
            retryable: isRetryableStatus(result.status),
          };
    }
    const person = this.teams.person(notification.recipient);
    const sent = await this.mailer.send({
      alert,
      purpose: notification.purpose,
      to: { email: notification.recipient, name: person?.name },
      language: team?.language ?? 'en',
      customer: { id: alert.customerId, name: customer.name, email: customer.email },
      acknowledgeUrl: acknowledgeUrl(this.baseUrl, this.linkKey, alert.id, notification.recipient),
      notificationId: notification.id,
    });
    return { ok: true, messageId: sent.messageId };
  }

  private async record(notification: AlertNotificationRecord, outcome: Outcome): Promise<void> {
    const now = this.clock.now();
    const db = this.transactions.db;
    const log = {
      alertId: notification.alertId,
      notificationId: notification.id,
      channel: notification.channel,
      purpose: notification.purpose,
      attempt: notification.attempts,
    };
    if (outcome.ok) {
      await this.notifications.markSent(db, notification.id, outcome, now);
      this.counter.inc({ channel: notification.channel, outcome: 'sent' });
      this.logger.info({ ...log, httpStatus: outcome.httpStatus }, 'alert notification delivered');
      return;
    }
    const retryAt = outcome.retryable ? nextAttemptAt(this.retry, notification.attempts, now) : null;
    await this.notifications.markFailed(
      db,
      notification.id,
      { error: outcome.error, httpStatus: outcome.httpStatus, retryAt },
      now,
    );
    this.counter.inc({ channel: notification.channel, outcome: retryAt ? 'retry' : 'failed' });
    this.logger.warn(
      { ...log, httpStatus: outcome.httpStatus, error: outcome.error, retryAt: retryAt?.toISOString() },
      retryAt ? 'alert notification failed; will retry' : 'alert notification failed for good',
    );
  }
}

import type { AlertRecord, NotificationPurpose } from '@postventa/alerts';
import { escapeMrkdwn } from '@postventa/engagement';

/** Alert webhooks carry the project's HMAC signature (signPayload), the same scheme as `POST /v1/events`. */
export const WEBHOOK_SIGNATURE_HEADER = 'X-Postventa-Signature';

/** Whether an HTTP answer is worth retrying: network errors, 408, 425, 429 and 5xx. */
export function isRetryableStatus(status: number | undefined): boolean {
  return status === undefined || status === 408 || status === 425 || status === 429 || status >= 500;
}

export interface WebhookContext {
  customerName: string | null;
  acknowledgeUrl: string;
  escalatedTo?: string;
}

const TITLES: Record<NotificationPurpose, string> = {
  raised: 'At-risk customer',
  assigned: 'Alert assigned',
  escalated: 'ESCALATED: at-risk customer not acknowledged in time',
};

/**
 * The JSON body of an alert webhook. `text` makes it a valid Slack (and Mattermost, Teams
 * workflow) incoming-webhook message; everything else is for machines. Every value in `text`
 * is mrkdwn-escaped: a customer name or reason can never become a link, mention or `<!channel>`.
 */
export function webhookBody(
  alert: AlertRecord,
  purpose: NotificationPurpose,
  context: WebhookContext,
  sentAt: string,
): Record<string, unknown> {
  const m = escapeMrkdwn;
  const who = context.customerName ? `${m(context.customerName)} (${m(alert.customerId)})` : m(alert.customerId);
  const reasons = alert.reasons
    .map((reason) => (reason.detail ? `${m(reason.code)}: ${m(reason.detail)}` : m(reason.code)))
    .join('; ');
  const lines = [
    `*[${m(alert.severity.toUpperCase())}] ${TITLES[purpose]}: ${who}*`,
    `Reason: ${reasons || m(alert.reason)}`,
    `Team: ${m(alert.team)}${alert.owner ? ` · Owner: ${m(alert.owner)}` : ''}${alert.signalCount > 1 ? ` · Signals: ${alert.signalCount}` : ''}`,
    ...(purpose === 'escalated' && context.escalatedTo ? [`Escalated to: ${m(context.escalatedTo)}`] : []),
    `<${m(context.acknowledgeUrl).replace(/\|/g, '%7C')}|Acknowledge and take ownership>`,
  ];
  return {
    type: `alert.${purpose}`,
    text: lines.join('\n'),
    sent_at: sentAt,
    alert: {
      id: alert.id,
      customer_id: alert.customerId,
      customer_name: context.customerName,
      reason: alert.reason,
      reasons: alert.reasons,
      severity: alert.severity,
      state: alert.state,
      team: alert.team,
      owner: alert.owner,
      signal_count: alert.signalCount,
      risk_score: alert.riskScore,
      raised_at: alert.raisedAt,
      sla_due_at: alert.slaDueAt,
      escalated_at: alert.escalatedAt,
      links: { acknowledge: context.acknowledgeUrl },
    },
  };
}

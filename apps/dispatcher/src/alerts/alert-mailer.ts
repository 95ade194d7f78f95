import { Inject, Injectable } from '@nestjs/common';
import { type AlertRecord, type NotificationPurpose, templateReasonKey } from '@postventa/alerts';
import { MailerService } from '@postventa/mail';
import { AppConfig, LOGGER, Logger } from '@postventa/platform';
import { FileTemplateSource, TemplateRenderer } from '@postventa/templates';

export const ALERT_TEMPLATE = 'alert-notification';

export interface AlertEmail {
  alert: AlertRecord;
  purpose: NotificationPurpose;
  to: { email: string; name?: string };
  language: string;
  customer: { id: string; name: string | null; email: string | null };
  acknowledgeUrl: string;
  /** Keeps the Message-ID stable across retries of one notification. */
  notificationId: string;
}

/** Renders the `alert-notification` template in the team's language and sends it over SMTP. */
@Injectable()
export class AlertMailer {
  private readonly renderer: TemplateRenderer;
  private readonly domain: string;

  constructor(
    private readonly mailer: MailerService,
    private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.renderer = new TemplateRenderer(new FileTemplateSource(config.get('TEMPLATES_DIR')));
    this.domain = /@([^>\s]+)/.exec(config.get('MAIL_FROM'))?.[1] ?? 'postventa.local';
  }

  async send(email: AlertEmail): Promise<{ messageId: string }> {
    const { alert } = email;
    const rendered = await this.renderer.render({
      template: ALERT_TEMPLATE,
      locale: email.language,
      context: {
        brand: {
          name: this.config.get('BRAND_NAME'),
          address: this.config.get('BRAND_ADDRESS'),
          support_email: this.config.get('SUPPORT_EMAIL'),
          ...(this.config.get('BRAND_LOGO_URL') ? { logo_url: this.config.get('BRAND_LOGO_URL') } : {}),
          ...(this.config.get('BRAND_PRIMARY_COLOR') ? { primary_color: this.config.get('BRAND_PRIMARY_COLOR') } : {}),
        },
        customer: { email: email.to.email, ...(email.to.name ? { name: email.to.name } : {}), locale: email.language },
        links: { acknowledge: email.acknowledgeUrl },
      },
      data: {
        alert: {
          id: alert.id,
          severity: alert.severity,
          purpose: email.purpose,
          customer: {
            id: email.customer.id,
            name: email.customer.name ?? email.customer.id,
            ...(email.customer.email ? { email: email.customer.email } : {}),
          },
          reasons: alert.reasons.map((reason) => ({
            code: templateReasonKey(reason.code),
            ...(reason.detail ? { detail: reason.detail } : {}),
          })),
          timeline: alert.timeline.map((entry) => ({ at: entry.at, summary: entry.summary })),
          raised_at: alert.raisedAt,
          ...(alert.state === 'open' && alert.escalatedAt === null ? { escalates_at: alert.slaDueAt } : {}),
          ...(alert.riskScore === null ? {} : { risk_score: alert.riskScore / 100 }),
          team: alert.team,
          owner: alert.owner,
        },
      },
    });
    const subject = email.purpose === 'escalated' ? `[ESCALATED] ${rendered.subject}` : rendered.subject;
    await this.mailer.throttle();
    const { messageId } = await this.mailer.send({
      to: email.to.email,
      subject,
      html: rendered.html,
      text: rendered.text,
      messageId: `<alert.${email.notificationId}.${alert.id}@${this.domain}>`,
      headers: { 'X-Postventa-Alert': alert.id, 'X-Postventa-Alert-Purpose': email.purpose },
    });
    this.logger.info(
      { alertId: alert.id, purpose: email.purpose, locale: rendered.locale, messageId },
      'alert email sent',
    );
    return { messageId };
  }
}

import { Module } from '@nestjs/common';
import { AlertsCoreModule } from '@postventa/alerts';
import { MailModule } from '@postventa/mail';
import { AlertDeliveryService } from './alert-delivery.service';
import { AlertEscalationService } from './alert-escalation.service';
import { AlertMailer } from './alert-mailer';
import { AlertPollers } from './alert-pollers';
import { AlertsService } from './alerts.service';
import { WebhookClient } from './webhook.client';

/**
 * The dispatcher's alerts: `AlertsService.raiseFromCommand` for `alert.raise` commands, the
 * delivery poller (emails in the team's language, signed webhooks, retries) and the escalation
 * poller. Shares the process's SMTP pool through MailModule.
 */
@Module({
  imports: [AlertsCoreModule, MailModule],
  providers: [AlertMailer, WebhookClient, AlertDeliveryService, AlertEscalationService, AlertPollers, AlertsService],
  exports: [AlertsService, AlertsCoreModule],
})
export class AlertsModule {}

import { Inject, Injectable } from '@nestjs/common';
import { SuppressionRepository } from '@postventa/engagement';
import { classifySmtpError, MailerService } from '@postventa/mail';
import { AppConfig, Clock, LOGGER, Logger, nextAttemptAt, RetryPolicy } from '@postventa/platform';
import { TemplateError } from '@postventa/templates';
import type { Recipient } from '../customers/customer-lookup.repository';
import { EmailComposer } from '../render/email-composer';
import { after, deliveryLeases } from './delivery-leases';
import { DeliveryOutcomes } from './delivery-outcomes.service';
import { DeliveryRepository } from './delivery.repository';
import { Delivery, DeliveryErrorCode, EmailCommand } from './delivery.types';

/** A delivery that passed consent: who it goes to. */
export interface PlannedDelivery {
  delivery: Delivery;
  recipient: Recipient | undefined;
  address: string;
}

/**
 * One email through SMTP: rendered, then, once an SMTP conversation is free (one of
 * SMTP_POOL_SIZE for the whole process), claimed as `sending` (attempt n) in a committed update,
 * handed to SMTP at once, and finished as `sent` with the server's answer, as `retry` with the time of
 * the next attempt (temporary failure), as `failed` (5xx; a refused recipient is a hard bounce
 * and the address is suppressed), or as `unknown` when the whole message went out and no answer
 * came back (SMTP may have it: never resent). Every attempt carries the same Message-ID.
 */
@Injectable()
export class EmailSender {
  private readonly policy: RetryPolicy;
  private readonly sendingLeaseMs: number;

  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly suppressions: SuppressionRepository,
    private readonly composer: EmailComposer,
    private readonly mailer: MailerService,
    private readonly outcomes: DeliveryOutcomes,
    private readonly clock: Clock,
    config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.policy = {
      initialMs: config.get('DELIVERY_RETRY_INITIAL_MS'),
      maxMs: config.get('DELIVERY_RETRY_MAX_MS'),
      maxAttempts: config.get('DELIVERY_MAX_ATTEMPTS'),
    };
    this.sendingLeaseMs = deliveryLeases(config).sendingMs;
  }

  /** Returns the finished row, or null when it is not finished (retry later, or taken over). */
  async deliver({ delivery, recipient, address }: PlannedDelivery, owner: string): Promise<Delivery | null> {
    const command: EmailCommand = delivery.command;
    const log = {
      commandId: command.command_id,
      customerId: command.customer_id,
      flow: command.flow.id,
      step: command.step_id,
      template: command.template,
    };
    let composed;
    try {
      composed = await this.composer.compose(
        command,
        { email: address, name: recipient?.name, locale: recipient?.locale, timezone: recipient?.timezone },
        delivery.messageId,
      );
    } catch (error) {
      if (!(error instanceof TemplateError)) {
        // Not the command's fault (templates folder unreadable...): the lease runs out and the poller tries again.
        this.logger.error({ ...log, err: error }, 'email could not be rendered; will be tried again');
        return null;
      }
      this.logger.warn({ ...log, code: error.code }, `email not sent, template error: ${error.message}`);
      const [failed] = await this.deliveries.finishQueued(
        [
          {
            commandId: delivery.commandId,
            status: 'failed',
            errorCode: DeliveryErrorCode.TemplateError,
            errorMessage: `${error.code}: ${error.message}`.slice(0, 2000),
          },
        ],
        owner,
        this.clock.now(),
      );
      if (failed) this.outcomes.count(failed);
      return failed ?? null;
    }

    // Recorded `sending` only with an SMTP conversation in hand, right before the handoff: a row
    // still waiting for a free connection stays `queued`, so a takeover after a crash sends it.
    const conversation = await this.mailer.conversation();
    let attempt: number | null;
    try {
      await this.mailer.throttle();
      attempt = await this.deliveries.markSending(
        delivery.commandId,
        owner,
        after(this.clock.now(), this.sendingLeaseMs),
        this.clock.now(),
      );
    } catch (error) {
      conversation.release();
      throw error;
    }
    if (attempt === null) {
      conversation.release();
      return null; // taken over by another worker
    }
    let accepted;
    try {
      accepted = await conversation.send(composed.email);
    } catch (error) {
      const failure = classifySmtpError(error);
      const facts = { stage: failure.stage, responseCode: failure.responseCode };
      const now = this.clock.now();
      if (failure.kind === 'unknown') {
        const message = `The whole email went to SMTP and no answer came back (${failure.code}: ${failure.message}); not resent (at most once)`;
        const recorded = await this.outcomes.persist(() =>
          this.deliveries.recordUnknown(delivery.commandId, owner, message.slice(0, 2000), composed.locale, now, facts),
        );
        if (recorded) this.outcomes.inc('unknown', 'any');
        this.logger.warn(
          { ...log, attempt, code: failure.code, stage: failure.stage },
          'email outcome unknown: SMTP had the whole message and did not answer; not resent (at most once); see GET /v1/deliveries?outcome=unknown',
        );
        return null;
      }
      if (failure.kind === 'transient') {
        const next = nextAttemptAt(this.policy, attempt, now);
        if (next) {
          await this.outcomes.persist(() =>
            this.deliveries.recordRetry(
              delivery.commandId,
              owner,
              next,
              failure.code,
              failure.message,
              composed.locale,
              now,
              facts,
            ),
          );
          this.outcomes.inc('retry', delivery.category);
          this.logger.warn(
            { ...log, attempt, code: failure.code, nextAttemptAt: next.toISOString() },
            `email not accepted yet; will retry: ${failure.message}`,
          );
          return null;
        }
        this.logger.error(
          { ...log, attempt, code: failure.code },
          `email given up after ${attempt} attempts: ${failure.message}`,
        );
        return this.outcomes.counted(
          await this.outcomes.persist(() =>
            this.deliveries.recordFailed(
              delivery.commandId,
              owner,
              DeliveryErrorCode.GaveUp,
              `${failure.code} after ${attempt} attempts: ${failure.message}`,
              composed.locale,
              now,
              facts,
            ),
          ),
        );
      }
      if (failure.kind === 'bounce') {
        await this.outcomes.persist(() =>
          this.suppressions.add(
            [
              {
                kind: 'address',
                subject: address,
                category: 'bounce',
                customerId: command.customer_id,
                reason: failure.message,
                commandId: command.command_id,
              },
            ],
            now,
          ),
        );
      }
      this.logger.warn(
        { ...log, attempt, code: failure.code, kind: failure.kind },
        `email refused: ${failure.message}`,
      );
      const code = failure.kind === 'bounce' ? DeliveryErrorCode.HardBounce : DeliveryErrorCode.Rejected;
      return this.outcomes.counted(
        await this.outcomes.persist(() =>
          this.deliveries.recordFailed(
            delivery.commandId,
            owner,
            code,
            `${failure.code}: ${failure.message}`,
            composed.locale,
            now,
            facts,
          ),
        ),
      );
    }
    const sent = await this.outcomes.persist(() =>
      this.deliveries.recordSent(delivery.commandId, owner, accepted.response, composed.locale, this.clock.now()),
    );
    this.logger.info({ ...log, attempt, locale: composed.locale, messageId: delivery.messageId }, 'email sent');
    return this.outcomes.counted(sent);
  }
}

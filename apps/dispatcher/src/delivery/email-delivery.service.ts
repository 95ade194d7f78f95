import { Inject, Injectable } from '@nestjs/common';
import { AlertRaiseCommand, parseCommand, TopicMap } from '@postventa/contracts';
import { Suppression, suppressionFor, SuppressionRepository } from '@postventa/engagement';
import { classifySmtpError, MailerService, messageIdFor, senderDomain } from '@postventa/mail';
import { deadLetterOf, EventProducer, IncomingBatch, OutgoingMessage, TOPICS } from '@postventa/messaging';
import { AppConfig, Clock, LOGGER, Logger, MetricsService } from '@postventa/platform';
import { TemplateError } from '@postventa/templates';
import { randomUUID } from 'node:crypto';
import { CustomerLookupRepository, Recipient } from '../customers/customer-lookup.repository';
import { AlertsService } from '../alerts/alerts.service';
import { EmailComposer } from '../render/email-composer';
import { nextAttemptAt, RetryPolicy } from './backoff';
import { deliveryEventMessages } from './delivery-events';
import { DeliveryRepository, FinalOutcome, NewDelivery } from './delivery.repository';
import { Delivery, DeliveryErrorCode, EmailCommand } from './delivery.types';
import { runGrouped } from './run-grouped';

export interface CommandBatchOutcome {
  /** New email / survey commands recorded and worked on. */
  accepted: number;
  /** Commands seen before (a Kafka redelivery): not sent again. */
  duplicates: number;
  deadLettered: number;
  /** `alert.raise` commands handed to the alerts service (deduplicated there by command id). */
  alerts: number;
}

interface Planned {
  delivery: Delivery;
  recipient: Recipient | undefined;
  address: string;
}

/**
 * Delivers `email.send` and `survey.send` commands exactly once.
 *
 * 1. A batch of commands is recorded in `deliveries` (one insert; a command id seen before is a
 *    redelivery and is skipped): this happens before the runner commits the offsets.
 * 2. Each new row is checked against consent and the suppression list, rendered, then claimed as
 *    `sending` (attempt n) in a committed update, handed to SMTP, and finished as `sent` with the
 *    server's answer, as `retry` with the time of the next attempt (temporary failure: the retry
 *    poller resends it, the partition moves on), or as `failed` (5xx; a refused recipient is a
 *    hard bounce and the address is suppressed).
 * 3. Activity events (`email.sent`, `email.failed`, `email.bounced`) go to Kafka; rows whose event
 *    is not known to be published are republished by the poller (same deterministic ids).
 *
 * At most once in the crash window: a process killed after claiming `sending` and before recording
 * SMTP's answer leaves a row in `sending`; when its lease runs out it becomes `unknown` and is NOT
 * resent, because the email most likely went out (the window is one SMTP conversation). Every
 * attempt of a command carries the same Message-ID (`<command_id@domain>`).
 */
@Injectable()
export class EmailDeliveryService {
  private readonly emails;
  private readonly policy: RetryPolicy;
  private readonly queuedLeaseMs: number;
  private readonly sendingLeaseMs: number;
  private readonly concurrency: number;
  private readonly messageDomain: string;

  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly customers: CustomerLookupRepository,
    private readonly suppressions: SuppressionRepository,
    private readonly composer: EmailComposer,
    private readonly mailer: MailerService,
    private readonly alerts: AlertsService,
    private readonly producer: EventProducer,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    metrics: MetricsService,
    @Inject(TOPICS) private readonly topics: TopicMap,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.emails = metrics.counter('postventa_emails_total', 'Emails and surveys handled by the dispatcher, by outcome', ['outcome', 'category']);
    this.policy = {
      initialMs: config.get('DELIVERY_RETRY_INITIAL_MS'),
      maxMs: config.get('DELIVERY_RETRY_MAX_MS'),
      maxAttempts: config.get('DELIVERY_MAX_ATTEMPTS'),
    };
    const sendTimeout = config.get('SMTP_SEND_TIMEOUT_MS');
    const connectTimeout = config.get('SMTP_CONNECTION_TIMEOUT_MS');
    this.sendingLeaseMs = connectTimeout + 2 * sendTimeout + 2000;
    const rate = config.get('SMTP_RATE_LIMIT');
    const batchMs = rate > 0 ? (config.get('DISPATCHER_BATCH_SIZE') / rate) * 1000 : 0;
    this.queuedLeaseMs = Math.max(60_000, 2 * (batchMs + this.sendingLeaseMs));
    this.concurrency = config.get('SMTP_POOL_SIZE');
    this.messageDomain = senderDomain(config.get('MAIL_FROM'));
  }

  /** The commands consumer's handler: returns once every command of the batch is recorded. */
  async handleBatch(batch: IncomingBatch): Promise<CommandBatchOutcome> {
    const now = this.clock.now();
    const deadLetters: OutgoingMessage[] = [];
    const fresh = new Map<string, NewDelivery>();
    const alertCommands: AlertRaiseCommand[] = [];
    let commands = 0;
    for (const message of batch.messages) {
      const parsed = parseCommand(message.value ?? '', { maxBytes: this.config.get('MAX_EVENT_BYTES') });
      if (!parsed.ok) {
        deadLetters.push(deadLetterOf(message, parsed.error, this.topics.deadLetter, now));
        this.logger.warn({ topic: message.topic, partition: message.partition, offset: message.offset, code: parsed.error.code, path: parsed.error.path }, `command dead-lettered: ${parsed.error.message}`);
        continue;
      }
      const command = parsed.command;
      if (command.type === 'alert.raise') {
        alertCommands.push(command);
        continue;
      }
      commands++;
      if (!fresh.has(command.command_id)) {
        fresh.set(command.command_id, {
          command,
          messageId: messageIdFor(command.command_id, this.messageDomain),
          topic: message.topic,
          partition: message.partition,
          offset: message.offset,
        });
      }
    }
    await this.producer.send(deadLetters);

    const owner = randomUUID();
    const inserted = await this.deliveries.insertNew([...fresh.values()], owner, this.after(now, this.queuedLeaseMs), now);
    const duplicates = commands - inserted.length;
    if (duplicates > 0) {
      this.emails.inc({ outcome: 'duplicate', category: 'any' }, duplicates);
      this.logger.info({ duplicates, topic: batch.topic, partition: batch.partition }, 'commands already recorded; not sent again');
    }
    this.emails.inc({ outcome: 'dead_lettered', category: 'any' }, deadLetters.length);
    await this.process(inserted, owner, () => batch.heartbeat());
    // Alerts are recorded (and their notifications queued) before the offsets move on.
    for (const command of alertCommands) await this.alerts.raiseFromCommand(command);
    return { accepted: inserted.length, duplicates, deadLettered: deadLetters.length, alerts: alertCommands.length };
  }

  /**
   * The retry poller's work: rows left in `sending` by a dead process become `unknown`; due
   * retries (and queued rows whose holder went away) are claimed and sent; events whose
   * publication was interrupted are published again. Returns how many rows were claimed.
   */
  async runDueWork(limit: number): Promise<number> {
    const now = this.clock.now();
    const expired = await this.deliveries.expireSending(now);
    if (expired.length > 0) {
      this.emails.inc({ outcome: 'unknown', category: 'any' }, expired.length);
      this.logger.warn({ commandIds: expired }, 'deliveries interrupted while SMTP had them: marked unknown, not resent (at most once)');
    }
    const owner = randomUUID();
    const claimed = await this.deliveries.claimDue(owner, this.after(now, this.queuedLeaseMs), now, limit);
    await this.process(claimed, owner);
    const pending = await this.deliveries.withPendingEvents(this.after(now, -30_000), limit);
    await this.publish(pending);
    return claimed.length;
  }

  private async process(rows: Delivery[], owner: string, heartbeat?: () => Promise<void>): Promise<void> {
    if (rows.length === 0) return;
    const customers = await this.customers.findMany(rows.map((r) => r.customerId));
    const addresses = rows.map((r) => r.command.to ?? customers.get(r.customerId)?.email ?? '').filter(Boolean);
    const suppressions = await this.suppressions.findFor([...customers.keys()], addresses);

    const finals: FinalOutcome[] = [];
    const planned: Planned[] = [];
    for (const delivery of rows) {
      const recipient = customers.get(delivery.customerId);
      const outcome = this.decide(delivery, recipient, suppressions);
      if ('status' in outcome) finals.push(outcome);
      else planned.push({ delivery, recipient, address: outcome.address });
    }
    const finished: Delivery[] = await this.deliveries.finishQueued(finals, owner, this.clock.now());
    for (const f of finished) this.count(f);

    await runGrouped(planned, (p) => p.delivery.customerId, this.concurrency, async (item) => {
      const done = await this.deliverOne(item, owner);
      if (done) finished.push(done);
      await heartbeat?.().catch(() => undefined);
    });
    await this.publish(finished);
  }

  /** Consent and suppression, before anything is rendered. */
  private decide(delivery: Delivery, recipient: Recipient | undefined, suppressions: readonly Suppression[]): FinalOutcome | { address: string } {
    const command = delivery.command;
    const address = command.to ?? recipient?.email ?? undefined;
    if (!address) {
      return { commandId: delivery.commandId, status: 'failed', errorCode: DeliveryErrorCode.NoAddress, errorMessage: 'The customer has no email address and the command has no "to"' };
    }
    const suppression = suppressionFor(suppressions, delivery.customerId, address, delivery.category);
    if (suppression) {
      const why = suppression.category === 'bounce' ? 'the address hard-bounced before' : `the customer unsubscribed (${suppression.category})`;
      return { commandId: delivery.commandId, status: 'suppressed', errorCode: DeliveryErrorCode.Suppressed, errorMessage: `Not sent: ${why}` };
    }
    if (delivery.category === 'marketing' && recipient?.consent?.marketing === false) {
      return { commandId: delivery.commandId, status: 'suppressed', errorCode: DeliveryErrorCode.Suppressed, errorMessage: 'Not sent: the customer has not consented to marketing email' };
    }
    return { address };
  }

  private async deliverOne({ delivery, recipient, address }: Planned, owner: string): Promise<Delivery | null> {
    const command: EmailCommand = delivery.command;
    const log = { commandId: command.command_id, customerId: command.customer_id, flow: command.flow.id, step: command.step_id, template: command.template };
    let composed;
    try {
      composed = await this.composer.compose(command, { email: address, name: recipient?.name, locale: recipient?.locale, timezone: recipient?.timezone }, delivery.messageId);
    } catch (error) {
      if (!(error instanceof TemplateError)) {
        // Not the command's fault (templates folder unreadable...): the lease runs out and the poller tries again.
        this.logger.error({ ...log, err: error }, 'email could not be rendered; will be tried again');
        return null;
      }
      this.logger.warn({ ...log, code: error.code }, `email not sent, template error: ${error.message}`);
      const [failed] = await this.deliveries.finishQueued(
        [{ commandId: delivery.commandId, status: 'failed', errorCode: DeliveryErrorCode.TemplateError, errorMessage: `${error.code}: ${error.message}`.slice(0, 2000) }],
        owner,
        this.clock.now(),
      );
      if (failed) this.count(failed);
      return failed ?? null;
    }

    await this.mailer.throttle();
    const attempt = await this.deliveries.markSending(delivery.commandId, owner, this.after(this.clock.now(), this.sendingLeaseMs), this.clock.now());
    if (attempt === null) return null; // taken over by another worker
    let accepted;
    try {
      accepted = await this.mailer.send(composed.email);
    } catch (error) {
      const failure = classifySmtpError(error);
      const now = this.clock.now();
      if (failure.kind === 'transient') {
        const next = nextAttemptAt(this.policy, attempt, now);
        if (next) {
          await this.persist(() => this.deliveries.recordRetry(delivery.commandId, owner, next, failure.code, failure.message, composed.locale, now));
          this.emails.inc({ outcome: 'retry', category: delivery.category });
          this.logger.warn({ ...log, attempt, code: failure.code, nextAttemptAt: next.toISOString() }, `email not accepted yet; will retry: ${failure.message}`);
          return null;
        }
        this.logger.error({ ...log, attempt, code: failure.code }, `email given up after ${attempt} attempts: ${failure.message}`);
        return this.counted(
          await this.persist(() =>
            this.deliveries.recordFailed(delivery.commandId, owner, DeliveryErrorCode.GaveUp, `${failure.code} after ${attempt} attempts: ${failure.message}`, composed.locale, now),
          ),
        );
      }
      if (failure.kind === 'bounce') {
        await this.persist(() =>
          this.suppressions.add([{ kind: 'address', subject: address, category: 'bounce', customerId: command.customer_id, reason: failure.message, commandId: command.command_id }], now),
        );
      }
      this.logger.warn({ ...log, attempt, code: failure.code, kind: failure.kind }, `email refused: ${failure.message}`);
      const code = failure.kind === 'bounce' ? DeliveryErrorCode.HardBounce : DeliveryErrorCode.Rejected;
      return this.counted(await this.persist(() => this.deliveries.recordFailed(delivery.commandId, owner, code, `${failure.code}: ${failure.message}`, composed.locale, now)));
    }
    const sent = await this.persist(() => this.deliveries.recordSent(delivery.commandId, owner, accepted.response, composed.locale, this.clock.now()));
    this.logger.info({ ...log, attempt, locale: composed.locale, messageId: delivery.messageId }, 'email sent');
    return this.counted(sent);
  }

  /** Publishes the activity events of finished deliveries, then notes that they went out. */
  private async publish(finished: Delivery[]): Promise<void> {
    if (finished.length === 0) return;
    await this.producer.send(deliveryEventMessages(finished, this.topics));
    await this.deliveries.markEventsPublished(finished.map((d) => d.commandId));
  }

  /**
   * Once SMTP has answered, its answer must be recorded: a database hiccup here is retried for a
   * while instead of abandoning the row (which would turn a sent email into `unknown`).
   */
  private async persist<T>(write: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await write();
      } catch (error) {
        if (attempt >= 8) throw error;
        this.logger.warn({ err: error, attempt }, 'recording a delivery outcome failed; retrying');
        await new Promise((r) => setTimeout(r, Math.min(5000, 100 * 2 ** attempt)));
      }
    }
  }

  private counted(delivery: Delivery | null): Delivery | null {
    if (delivery) this.count(delivery);
    return delivery;
  }

  private count(delivery: Delivery): void {
    const outcome = delivery.errorCode === DeliveryErrorCode.HardBounce ? 'bounced' : delivery.status;
    this.emails.inc({ outcome, category: delivery.category });
  }

  private after(now: Date, ms: number): Date {
    return new Date(now.getTime() + ms);
  }
}

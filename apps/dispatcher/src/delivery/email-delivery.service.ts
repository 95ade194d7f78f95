import { Inject, Injectable } from '@nestjs/common';
import { AlertRaiseCommand, parseCommand } from '@postventa/contracts';
import { messageIdFor, senderDomain } from '@postventa/mail';
import { DeadLetterPublisher, DeadLetterReason, IncomingBatch, IncomingMessage } from '@postventa/messaging';
import { AppConfig, Clock, LOGGER, Logger } from '@postventa/platform';
import { AlertsService } from '../alerts/alerts.service';
import { DeliveryOutcomes } from './delivery-outcomes.service';
import { DeliveryWorker } from './delivery-worker.service';
import { DeliveryRepository, NewDelivery } from './delivery.repository';

export interface CommandBatchOutcome {
  /** New email / survey commands recorded and worked on. */
  accepted: number;
  /** Commands seen before (a Kafka redelivery): not sent again. */
  duplicates: number;
  deadLettered: number;
  /** `alert.raise` commands handed to the alerts service (deduplicated there by command id). */
  alerts: number;
}

/**
 * The intake of a batch of commands, delivering `email.send` and `survey.send` exactly once.
 *
 * 1. Once the work queue has room, a batch of commands is recorded in `deliveries` (one insert; a
 *    command id seen before is a redelivery and is skipped), held by this process: this happens
 *    before the runner commits the offsets. A bad command goes to the dead-letter topic; `alert.raise` goes to the alerts
 *    service.
 * 2. The new rows join the process's work queue (DeliveryWorker: consent, SMTP, outcome, events)
 *    and the partition moves on; a temporary failure goes back to the retry poller.
 *
 * At most once in the crash window: an email is claimed `sending` only when an SMTP conversation
 * is free for it (at most SMTP_POOL_SIZE per process), right before it is handed over. A process
 * killed after that claim and before recording SMTP's answer leaves the row in `sending`; once its
 * instance is known dead (its heartbeat stops, or it restarts under its name), or its sending
 * lease runs out, the row becomes `unknown` and is NOT resent: SMTP may have the email. Its rows
 * still `queued` (never handed over) are taken over and sent at once.
 */
@Injectable()
export class EmailDeliveryService {
  private readonly messageDomain: string;

  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly worker: DeliveryWorker,
    private readonly outcomes: DeliveryOutcomes,
    private readonly alerts: AlertsService,
    private readonly deadLetterPublisher: DeadLetterPublisher,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.messageDomain = senderDomain(config.get('MAIL_FROM'));
  }

  /** The commands consumer's handler: returns once every command of the batch is recorded. */
  async handleBatch(batch: IncomingBatch): Promise<CommandBatchOutcome> {
    const now = this.clock.now();
    const deadLetters: Array<{ message: IncomingMessage; reason: DeadLetterReason }> = [];
    const fresh = new Map<string, NewDelivery>();
    const alertCommands: AlertRaiseCommand[] = [];
    let commands = 0;
    for (const message of batch.messages) {
      const parsed = parseCommand(message.value ?? '', { maxBytes: this.config.get('MAX_EVENT_BYTES') });
      if (!parsed.ok) {
        deadLetters.push({ message, reason: parsed.error });
        this.logger.warn(
          {
            topic: message.topic,
            partition: message.partition,
            offset: message.offset,
            code: parsed.error.code,
            path: parsed.error.path,
          },
          `command dead-lettered: ${parsed.error.message}`,
        );
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
    await this.deadLetterPublisher.publish(deadLetters, now);

    // Room first, then record: a wait cut short by a rebalance leaves nothing recorded.
    await this.worker.waitForRoom(() => batch.heartbeat());
    const holder = this.worker.newHolder();
    // The recipients are read while the batch is recorded (a round trip less before the first send).
    const recipients = this.worker.lookUpRecipients([...fresh.values()].map((d) => d.command.customer_id));
    // The lease starts now, not when the batch arrived: the wait for room may have been long.
    const recordedAt = this.clock.now();
    const inserted = await this.deliveries.insertNew(
      [...fresh.values()],
      holder,
      this.worker.queuedLeaseUntil(recordedAt),
      recordedAt,
    );
    const duplicates = commands - inserted.length;
    if (duplicates > 0) {
      this.outcomes.inc('duplicate', 'any', duplicates);
      this.logger.info(
        { duplicates, topic: batch.topic, partition: batch.partition },
        'commands already recorded; not sent again',
      );
    }
    this.outcomes.inc('dead_lettered', 'any', deadLetters.length);
    await this.worker.take(inserted, holder.owner, recipients);
    // Alerts are recorded (and their notifications queued) before the offsets move on.
    for (const command of alertCommands) await this.alerts.raiseFromCommand(command);
    return { accepted: inserted.length, duplicates, deadLettered: deadLetters.length, alerts: alertCommands.length };
  }

  /** The retry poller's round (see DeliveryWorker.runDueWork). */
  runDueWork(limit: number): Promise<number> {
    return this.worker.runDueWork(limit);
  }
}

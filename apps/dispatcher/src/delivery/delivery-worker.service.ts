import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { SuppressionRepository } from '@postventa/engagement';
import { AppConfig, Clock, LOGGER, Logger, MetricsService } from '@postventa/platform';
import { randomUUID } from 'node:crypto';
import { CustomerLookupRepository, type Recipient } from '../customers/customer-lookup.repository';
import { consentDecision } from './delivery-consent';
import { after, deliveryLeases } from './delivery-leases';
import { DeliveryOutcomes } from './delivery-outcomes.service';
import { DeliveryRepository, FinalOutcome, LeaseHolder } from './delivery.repository';
import { Delivery } from './delivery.types';
import { DispatcherInstanceService } from './dispatcher-instance.service';
import { EmailSender, PlannedDelivery } from './email-sender.service';
import { KeyedWorkQueue } from './keyed-work-queue';
import { WriteCoalescer } from './write-coalescer';

/**
 * Works on deliveries this process holds: consent first (final outcomes in one update), then
 * SMTP through one queue for the whole process: one customer's emails in order (across batches),
 * different customers side by side (twice SMTP_POOL_SIZE at work, so the next emails are rendered
 * while the SMTP conversations, shared by the whole process, see MailerService, are busy); each
 * email's activity event is published as soon as it is finished (concurrent ones together).
 *
 * A batch from Kafka is taken into the queue and its partition moves on at once: its rows are
 * already recorded and held by this process (a lease), so a crash leaves them to a takeover, and
 * the queue is bounded (a batch waits while DISPATCHER_BATCH_SIZE emails are pending). On shutdown
 * the queue is finished before the database closes. Also the poller's round: interrupted sends
 * become `unknown`, due retries and the queued work of dead dispatchers are taken over,
 * unpublished events go out.
 */
@Injectable()
export class DeliveryWorker implements BeforeApplicationShutdown {
  private readonly queuedLeaseMs: number;
  private readonly pendingLimit: number;
  private readonly queue: KeyedWorkQueue<PlannedDelivery & { owner: string }>;
  private readonly events: WriteCoalescer<Delivery, undefined>;
  private closing = false;

  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly customers: CustomerLookupRepository,
    private readonly suppressions: SuppressionRepository,
    private readonly sender: EmailSender,
    private readonly outcomes: DeliveryOutcomes,
    private readonly instance: DispatcherInstanceService,
    private readonly clock: Clock,
    config: AppConfig,
    metrics: MetricsService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.queuedLeaseMs = deliveryLeases(config).queuedMs;
    this.pendingLimit = config.get('DISPATCHER_BATCH_SIZE');
    this.queue = new KeyedWorkQueue(
      2 * config.get('SMTP_POOL_SIZE'),
      (item) => item.delivery.customerId,
      (item) => this.send(item),
      (error, item) =>
        this.logger.error(
          { err: error, commandId: item.delivery.commandId },
          'email left for the retry poller after an error (its lease runs out, then it is taken over)',
        ),
    );
    metrics.gauge(
      'postventa_delivery_queue_emails',
      "Emails this dispatcher holds in its work queue, recorded and not finished yet (their commands' offsets are committed)",
      [],
      (gauge) => gauge.set(this.queue.pending),
    );
    this.events = new WriteCoalescer(async (rows: Delivery[]) => {
      await this.outcomes.publish(rows);
      return rows.map(() => undefined);
    });
  }

  /** Finishes the emails in the queue before the database and the producer close (consumers stop first). */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    await this.queue.idle();
  }

  /** A new lease holder: one worker (a batch or a poll round) of this process. */
  newHolder(): LeaseHolder {
    return { owner: randomUUID(), instance: this.instance.id };
  }

  queuedLeaseUntil(now: Date): Date {
    return after(now, this.queuedLeaseMs);
  }

  /**
   * The retry poller's work: rows left in `sending` by a dead process become `unknown`; due
   * retries (and queued rows whose holder went away) are claimed and sent; events whose
   * publication was interrupted are published again. Returns how many rows were claimed.
   */
  async runDueWork(limit: number): Promise<number> {
    const now = this.clock.now();
    const dead = await this.instance.deadInstances(now);
    const expired = await this.deliveries.expireSending(now, dead);
    if (expired.length > 0) {
      this.outcomes.inc('unknown', 'any', expired.length);
      this.logger.warn(
        { commandIds: expired },
        'deliveries interrupted while SMTP had them: marked unknown, not resent (at most once); see GET /v1/deliveries?outcome=unknown',
      );
    }
    const holder = this.newHolder();
    const claimed = await this.deliveries.claimDue(holder, this.queuedLeaseUntil(now), now, limit, dead);
    await this.process(claimed, holder.owner);
    const pending = await this.deliveries.withPendingEvents(after(now, -30_000), limit);
    await this.outcomes.publish(pending);
    return claimed.length;
  }

  /**
   * Resolves once the work queue has room for a batch (at most DISPATCHER_BATCH_SIZE emails
   * pending), calling `heartbeat` while it waits. Called before a batch is recorded: a wait cut
   * short (a rebalance fails the heartbeat) leaves nothing recorded.
   */
  async waitForRoom(heartbeat?: () => Promise<void>): Promise<void> {
    await this.queue.whenRoom(this.pendingLimit, heartbeat);
  }

  /**
   * Starts reading the recipients of a batch's commands, so the read runs while the batch is being
   * recorded; hand the promise to `take`.
   */
  lookUpRecipients(customerIds: readonly string[]): Promise<Map<string, Recipient>> {
    const read = this.customers.findMany([...customerIds]);
    read.catch(() => undefined); // awaited by `take`, whose caller sees a failure
    return read;
  }

  /**
   * Takes rows just recorded by `owner` into the work queue and resolves once they are in it
   * (after consent), not once they are sent: a Kafka batch's partition moves on meanwhile. While
   * the process shuts down it resolves only once they are finished.
   */
  async take(rows: Delivery[], owner: string, recipients?: Promise<Map<string, Recipient>>): Promise<void> {
    const { finished } = await this.queueUp(rows, owner, false, recipients);
    if (this.closing) await finished;
  }

  /**
   * Works on the rows and resolves once every one of them is finished (the poller's rounds: due
   * retries and taken-over work, which go ahead of the emails waiting in the queue).
   */
  async process(rows: Delivery[], owner: string): Promise<void> {
    const { finished } = await this.queueUp(rows, owner, true);
    await finished;
  }

  /**
   * Consent for the rows (final outcomes recorded now); the others join the queue (`finished`:
   * when they are done). If that fails, the rows still queued give up `owner`'s lease before the
   * error goes on, so the next poll round takes them over instead of waiting for the lease to end.
   */
  private async queueUp(
    rows: Delivery[],
    owner: string,
    ahead = false,
    recipients?: Promise<Map<string, Recipient>>,
  ): Promise<{ finished: Promise<void> }> {
    if (rows.length === 0) return { finished: Promise.resolve() };
    try {
      return await this.consentAndQueue(rows, owner, ahead, recipients);
    } catch (error) {
      const ids = rows.map((r) => r.commandId);
      const released = await this.deliveries.releaseQueued(ids, owner, this.clock.now()).catch(() => 0);
      this.logger.warn(
        { err: error, rows: rows.length, released },
        'emails not taken into the work queue; their lease is given up for the poller',
      );
      throw error;
    }
  }

  private async consentAndQueue(
    rows: Delivery[],
    owner: string,
    ahead: boolean,
    recipients?: Promise<Map<string, Recipient>>,
  ): Promise<{ finished: Promise<void> }> {
    const customers = await (recipients ?? this.customers.findMany(rows.map((r) => r.customerId)));
    const addresses = rows.map((r) => r.command.to ?? customers.get(r.customerId)?.email ?? '').filter(Boolean);
    const suppressions = await this.suppressions.findFor([...customers.keys()], addresses);

    const finals: FinalOutcome[] = [];
    const planned: Array<PlannedDelivery & { owner: string }> = [];
    for (const delivery of rows) {
      const recipient = customers.get(delivery.customerId);
      const outcome = consentDecision(delivery, recipient, suppressions);
      if ('status' in outcome) finals.push(outcome);
      else planned.push({ delivery, recipient, address: outcome.address, owner });
    }
    const finished: Delivery[] = await this.deliveries.finishQueued(finals, owner, this.clock.now());
    for (const f of finished) this.outcomes.count(f);
    await this.outcomes.publish(finished);
    return { finished: this.queue.push(planned, ahead) };
  }

  private async send(item: PlannedDelivery & { owner: string }): Promise<void> {
    const done = await this.sender.deliver(item, item.owner);
    // Not published now (broker down): the row keeps `event_pending` and the poller publishes it.
    if (done)
      await this.events
        .run(done)
        .catch((error: unknown) =>
          this.logger.warn({ err: error, commandId: done.commandId }, 'delivery event not published yet; will retry'),
        );
  }
}

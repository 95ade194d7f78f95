import { Inject, Injectable } from '@nestjs/common';
import { SuppressionRepository } from '@postventa/engagement';
import { AppConfig, Clock, LOGGER, Logger } from '@postventa/platform';
import { randomUUID } from 'node:crypto';
import { CustomerLookupRepository } from '../customers/customer-lookup.repository';
import { consentDecision } from './delivery-consent';
import { after, deliveryLeases } from './delivery-leases';
import { DeliveryOutcomes } from './delivery-outcomes.service';
import { DeliveryRepository, FinalOutcome, LeaseHolder } from './delivery.repository';
import { Delivery } from './delivery.types';
import { DispatcherInstanceService } from './dispatcher-instance.service';
import { EmailSender, PlannedDelivery } from './email-sender.service';
import { runGrouped } from './run-grouped';

/**
 * Works on deliveries this process holds: consent first (final outcomes in one update), then
 * SMTP, one customer's emails in order and different customers side by side (SMTP_POOL_SIZE at a
 * time; the SMTP conversations themselves are shared by every worker of the process, see
 * MailerService); then the activity events. Also the poller's round: interrupted sends become `unknown`,
 * due retries and the queued work of dead dispatchers are taken over, unpublished events go out.
 */
@Injectable()
export class DeliveryWorker {
  private readonly queuedLeaseMs: number;
  private readonly concurrency: number;

  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly customers: CustomerLookupRepository,
    private readonly suppressions: SuppressionRepository,
    private readonly sender: EmailSender,
    private readonly outcomes: DeliveryOutcomes,
    private readonly instance: DispatcherInstanceService,
    private readonly clock: Clock,
    config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.queuedLeaseMs = deliveryLeases(config).queuedMs;
    this.concurrency = config.get('SMTP_POOL_SIZE');
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

  async process(rows: Delivery[], owner: string, heartbeat?: () => Promise<void>): Promise<void> {
    if (rows.length === 0) return;
    const customers = await this.customers.findMany(rows.map((r) => r.customerId));
    const addresses = rows.map((r) => r.command.to ?? customers.get(r.customerId)?.email ?? '').filter(Boolean);
    const suppressions = await this.suppressions.findFor([...customers.keys()], addresses);

    const finals: FinalOutcome[] = [];
    const planned: PlannedDelivery[] = [];
    for (const delivery of rows) {
      const recipient = customers.get(delivery.customerId);
      const outcome = consentDecision(delivery, recipient, suppressions);
      if ('status' in outcome) finals.push(outcome);
      else planned.push({ delivery, recipient, address: outcome.address });
    }
    const finished: Delivery[] = await this.deliveries.finishQueued(finals, owner, this.clock.now());
    for (const f of finished) this.outcomes.count(f);

    await runGrouped(
      planned,
      (p) => p.delivery.customerId,
      this.concurrency,
      async (item) => {
        const done = await this.sender.deliver(item, owner);
        if (done) finished.push(done);
        await heartbeat?.().catch(() => undefined);
      },
    );
    await this.outcomes.publish(finished);
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { EMAIL_CATEGORIES, TopicMap } from '@postventa/contracts';
import { EventProducer, TOPICS } from '@postventa/messaging';
import { backoffDelayMs, LOGGER, Logger, MetricsService, sleep } from '@postventa/platform';
import type { Counter } from 'prom-client';
import { deliveryEventMessages } from './delivery-events';
import { DeliveryRepository } from './delivery.repository';
import { Delivery, DeliveryErrorCode } from './delivery.types';

/** Final outcomes per category, exported at 0 from the start so a rate or an alert on them has a series. */
const FINAL_OUTCOMES = ['sent', 'failed', 'bounced', 'suppressed'] as const;
/** Outcomes counted for every category together. */
const OTHER_OUTCOMES = ['unknown', 'duplicate', 'dead_lettered'] as const;

/** Waits between tries of recording an SMTP answer: 200 ms doubling up to 5 s (8 tries, about 14 s in all). */
const PERSIST_BACKOFF = { initialMs: 200, maxMs: 5000 };

/**
 * What happens once a delivery's outcome is known: the write is retried through a database
 * hiccup, the outcome is counted (`postventa_emails_total`), and the activity events go out.
 * Also exposes `postventa_deliveries_unknown`: how many deliveries have an unknown outcome now.
 */
@Injectable()
export class DeliveryOutcomes {
  private readonly emails: Counter<string>;
  private unknownNow = 0;

  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly producer: EventProducer,
    metrics: MetricsService,
    @Inject(TOPICS) private readonly topics: TopicMap,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.emails = metrics.counter(
      'postventa_emails_total',
      'Emails and surveys handled by the dispatcher, by outcome',
      ['outcome', 'category'],
    );
    for (const category of EMAIL_CATEGORIES) {
      for (const outcome of FINAL_OUTCOMES) this.emails.inc({ outcome, category }, 0);
      this.emails.inc({ outcome: 'retry', category }, 0);
    }
    for (const outcome of OTHER_OUTCOMES) this.emails.inc({ outcome, category: 'any' }, 0);
    metrics.gauge(
      'postventa_deliveries_unknown',
      'Deliveries whose outcome is unknown (the dispatcher stopped while SMTP had them; not resent): see GET /v1/deliveries?outcome=unknown',
      [],
      async (gauge) => gauge.set(await this.countUnknown()),
    );
  }

  /** Counts an outcome that is not a finished row (retry, duplicate, dead letter, unknown). */
  inc(outcome: string, category: string, by = 1): void {
    this.emails.inc({ outcome, category }, by);
  }

  counted(delivery: Delivery | null): Delivery | null {
    if (delivery) this.count(delivery);
    return delivery;
  }

  count(delivery: Delivery): void {
    const outcome = delivery.errorCode === DeliveryErrorCode.HardBounce ? 'bounced' : delivery.status;
    this.emails.inc({ outcome, category: delivery.category });
  }

  /** Publishes the activity events of finished deliveries, then notes that they went out. */
  async publish(finished: Delivery[]): Promise<void> {
    if (finished.length === 0) return;
    await this.producer.send(deliveryEventMessages(finished, this.topics));
    await this.deliveries.markEventsPublished(finished.map((d) => d.commandId));
  }

  /**
   * Once SMTP has answered, its answer must be recorded: a database hiccup here is retried for a
   * while instead of abandoning the row (which would turn a sent email into `unknown`).
   */
  async persist<T>(write: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await write();
      } catch (error) {
        if (attempt >= 8) throw error;
        this.logger.warn({ err: error, attempt }, 'recording a delivery outcome failed; retrying');
        await sleep(backoffDelayMs(PERSIST_BACKOFF, attempt));
      }
    }
  }

  /** The gauge's value at scrape time; the last known one while the database does not answer. */
  private async countUnknown(): Promise<number> {
    try {
      this.unknownNow = await this.deliveries.countUnknown();
    } catch (error) {
      this.logger.warn({ err: error }, 'counting unknown deliveries failed; reporting the last count');
    }
    return this.unknownNow;
  }
}

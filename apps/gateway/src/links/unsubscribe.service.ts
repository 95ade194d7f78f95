import { Inject, Injectable } from '@nestjs/common';
import { TopicMap } from '@postventa/contracts';
import { SuppressionRepository, UnsubscribeLink } from '@postventa/engagement';
import { EventProducer, TOPICS } from '@postventa/messaging';
import { Clock, LOGGER, Logger, MetricsService } from '@postventa/platform';
import { TransactionRunner } from '@postventa/persistence';
import { feedbackMessage, unsubscribedEvent } from './feedback-events';
import { LinkVerifier } from './link-verifier';

/**
 * Unsubscribes from a signed link, without login or cookie: records the suppression the
 * dispatcher checks before every marketing email or survey, and emits `customer.unsubscribed`
 * (in the same transaction: both happen, or neither). Unsubscribing twice changes nothing.
 */
@Injectable()
export class UnsubscribeService {
  private readonly unsubscribes;

  constructor(
    private readonly verifier: LinkVerifier,
    private readonly suppressions: SuppressionRepository,
    private readonly transactions: TransactionRunner,
    private readonly producer: EventProducer,
    private readonly clock: Clock,
    metrics: MetricsService,
    @Inject(TOPICS) private readonly topics: TopicMap,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.unsubscribes = metrics.counter(
      'postventa_unsubscribes_total',
      'Unsubscribes through email links, by category and how',
      ['category', 'via'],
    );
  }

  /** Checks the link (for the confirmation page). */
  check(token: string): UnsubscribeLink {
    return this.verifier.verify(token, 'unsubscribe');
  }

  async unsubscribe(token: string, oneClick: boolean): Promise<UnsubscribeLink> {
    const link = this.verifier.verify(token, 'unsubscribe');
    const now = this.clock.now();
    await this.transactions.run(async (db) => {
      const added = await this.suppressions.add(
        [
          {
            kind: 'customer',
            subject: link.customerId,
            category: link.category,
            customerId: link.customerId,
            reason: oneClick ? 'one_click' : 'unsubscribe_page',
            commandId: link.commandId,
          },
        ],
        now,
        db,
      );
      if (added > 0) await this.producer.send([feedbackMessage(unsubscribedEvent(link, now, oneClick), this.topics)]);
    });
    this.unsubscribes.inc({ category: link.category, via: oneClick ? 'one_click' : 'page' });
    this.logger.info(
      { customerId: link.customerId, category: link.category, commandId: link.commandId, oneClick },
      'customer unsubscribed',
    );
    return link;
  }
}

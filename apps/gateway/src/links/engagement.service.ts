import { Inject, Injectable } from '@nestjs/common';
import { TopicMap } from '@postventa/contracts';
import { EventProducer, TOPICS } from '@postventa/messaging';
import { Clock, LOGGER, Logger, MetricsService } from '@postventa/platform';
import { clickedEvent, feedbackMessage, openedEvent } from './feedback-events';
import { LinkVerifier } from './link-verifier';

/**
 * Opens (tracking pixel) and clicks (redirect links). The click's destination comes only from
 * the signed token, so the gateway cannot be used to redirect anywhere else. A Kafka hiccup never
 * breaks the customer's click or the image: the event is then lost and logged.
 */
@Injectable()
export class EngagementService {
  private readonly engagement;

  constructor(
    private readonly verifier: LinkVerifier,
    private readonly producer: EventProducer,
    private readonly clock: Clock,
    metrics: MetricsService,
    @Inject(TOPICS) private readonly topics: TopicMap,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.engagement = metrics.counter('postventa_email_engagement_total', 'Email opens and clicks seen by the gateway', ['kind']);
  }

  async opened(token: string, userAgent?: string): Promise<void> {
    const link = this.verifier.verify(token, 'open');
    this.engagement.inc({ kind: 'open' });
    await this.publish(openedEvent(link, this.clock.now(), userAgent), link.commandId);
  }

  /** Returns the URL to redirect to. */
  async clicked(token: string, userAgent?: string): Promise<string> {
    const link = this.verifier.verify(token, 'click');
    this.engagement.inc({ kind: 'click' });
    await this.publish(clickedEvent(link, this.clock.now(), userAgent), link.commandId);
    return link.url;
  }

  private async publish(event: Parameters<typeof feedbackMessage>[0], commandId: string): Promise<void> {
    try {
      await this.producer.send([feedbackMessage(event, this.topics)]);
    } catch (error) {
      this.logger.warn({ err: error, commandId, type: event.type }, 'engagement event not published');
    }
  }
}

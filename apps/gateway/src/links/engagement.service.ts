import { Inject, Injectable } from '@nestjs/common';
import { TopicMap } from '@postventa/contracts';
import { EventProducer, TOPICS } from '@postventa/messaging';
import { AppConfig, Clock, LOGGER, Logger, MetricsService } from '@postventa/platform';
import { clickedEvent, feedbackMessage, openedEvent } from './feedback-events';
import { LinkVerifier } from './link-verifier';
import { RecentHits } from './recent-hits';

/**
 * Opens (tracking pixel) and clicks (redirect links). The click's destination comes only from
 * the signed token, so the gateway cannot be used to redirect anywhere else. A Kafka hiccup never
 * breaks the customer's click or the image: the event is then lost and logged. Repeated hits of
 * one link within ENGAGEMENT_DEDUPE_SECONDS count once; a HEAD (`dryRun`) counts nothing.
 */
@Injectable()
export class EngagementService {
  private readonly engagement;
  private readonly recent: RecentHits;

  constructor(
    private readonly verifier: LinkVerifier,
    private readonly producer: EventProducer,
    private readonly clock: Clock,
    config: AppConfig,
    metrics: MetricsService,
    @Inject(TOPICS) private readonly topics: TopicMap,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.engagement = metrics.counter(
      'postventa_email_engagement_total',
      'Email opens and clicks seen by the gateway (repeats within the dedupe window as kind="repeat")',
      ['kind'],
    );
    this.recent = new RecentHits(config.get('ENGAGEMENT_DEDUPE_SECONDS') * 1000);
  }

  async opened(token: string, userAgent?: string, dryRun = false): Promise<void> {
    const link = this.verifier.verify(token, 'open');
    const now = this.clock.now();
    if (dryRun || !this.counts(`${link.commandId}:open`, now)) return;
    this.engagement.inc({ kind: 'open' });
    await this.publish(openedEvent(link, now, userAgent), link.commandId);
  }

  /** Returns the URL to redirect to. */
  async clicked(token: string, userAgent?: string, dryRun = false): Promise<string> {
    const link = this.verifier.verify(token, 'click');
    const now = this.clock.now();
    if (dryRun || !this.counts(`${link.commandId}:click:${link.index ?? 0}:${link.url}`, now)) return link.url;
    this.engagement.inc({ kind: 'click' });
    await this.publish(clickedEvent(link, now, userAgent), link.commandId);
    return link.url;
  }

  private counts(key: string, now: Date): boolean {
    if (this.recent.firstHit(key, now)) return true;
    this.engagement.inc({ kind: 'repeat' });
    return false;
  }

  private async publish(event: Parameters<typeof feedbackMessage>[0], commandId: string): Promise<void> {
    try {
      await this.producer.send([feedbackMessage(event, this.topics)]);
    } catch (error) {
      this.logger.warn({ err: error, commandId, type: event.type }, 'engagement event not published');
    }
  }
}

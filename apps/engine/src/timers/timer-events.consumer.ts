import { Inject, Injectable } from '@nestjs/common';
import { TopicMap } from '@postventa/contracts';
import { BatchConsumerHost, ConsumerSpec, KafkaBatchConsumer, TOPICS } from '@postventa/messaging';
import { AppConfig } from '@postventa/platform';
import { IngestionService } from '../ingestion/ingestion.service';

/**
 * Consumes the timers topic in its own group and feeds `timer.fired` events through the same
 * path as domain events (inbox dedupe, customer lock, journeys), so a re-published firing is
 * handled once.
 */
@Injectable()
export class TimerEventsConsumer extends KafkaBatchConsumer {
  constructor(
    host: BatchConsumerHost,
    private readonly ingestion: IngestionService,
    private readonly config: AppConfig,
    @Inject(TOPICS) private readonly topics: TopicMap,
  ) {
    super(host);
  }

  protected consumerSpec(): ConsumerSpec {
    return {
      name: 'timer-events',
      groupId: this.config.get('ENGINE_TIMER_GROUP_ID') ?? `${this.config.get('ENGINE_GROUP_ID')}.timers`,
      topics: [this.topics.timers],
      maxBatchSize: this.config.get('INGEST_BATCH_SIZE'),
      sessionTimeoutMs: this.config.get('ENGINE_SESSION_TIMEOUT_MS'),
      handler: async (batch) => void (await this.ingestion.handleBatch(batch)),
    };
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { TopicMap } from '@postventa/contracts';
import { BatchConsumerOptions, KafkaBatchConsumer, KafkaClient, TOPICS } from '@postventa/messaging';
import { AppConfig, LOGGER, Logger } from '@postventa/platform';
import { IngestionService } from '../ingestion/ingestion.service';

/**
 * Consumes the timers topic in its own group and feeds `timer.fired` events through the same
 * path as domain events (inbox dedupe, customer lock, journeys), so a re-published firing is
 * handled once.
 */
@Injectable()
export class TimerEventsConsumer extends KafkaBatchConsumer {
  constructor(
    client: KafkaClient,
    private readonly ingestion: IngestionService,
    private readonly config: AppConfig,
    @Inject(TOPICS) private readonly topics: TopicMap,
    @Inject(LOGGER) logger: Logger,
  ) {
    super(client, logger);
  }

  protected consumerOptions(): BatchConsumerOptions {
    return {
      groupId: this.config.get('ENGINE_TIMER_GROUP_ID') ?? `${this.config.get('ENGINE_GROUP_ID')}.timers`,
      topics: [this.topics.timers],
      maxBatchSize: this.config.get('INGEST_BATCH_SIZE'),
      sessionTimeoutMs: this.config.get('ENGINE_SESSION_TIMEOUT_MS'),
      handler: async (batch) => void (await this.ingestion.handleBatch(batch)),
    };
  }
}

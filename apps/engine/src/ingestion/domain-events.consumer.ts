import { Inject, Injectable } from '@nestjs/common';
import { INBOUND_TOPIC_KEYS, TopicMap } from '@postventa/contracts';
import { BatchConsumerOptions, KafkaBatchConsumer, KafkaClient, TOPICS } from '@postventa/messaging';
import { AppConfig, LOGGER, Logger } from '@postventa/platform';
import { IngestionService } from './ingestion.service';

/** Consumes the commerce, usage, support and feedback topics in batches. */
@Injectable()
export class DomainEventsConsumer extends KafkaBatchConsumer {
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
      groupId: this.config.get('ENGINE_GROUP_ID'),
      topics: INBOUND_TOPIC_KEYS.map((key) => this.topics[key]),
      maxBatchSize: this.config.get('INGEST_BATCH_SIZE'),
      sessionTimeoutMs: this.config.get('ENGINE_SESSION_TIMEOUT_MS'),
      handler: async (batch) => void (await this.ingestion.handleBatch(batch)),
    };
  }
}

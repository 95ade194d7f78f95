import { Inject, Injectable } from '@nestjs/common';
import { INBOUND_TOPIC_KEYS, TopicMap } from '@postventa/contracts';
import { BatchConsumerHost, ConsumerSpec, KafkaBatchConsumer, TOPICS } from '@postventa/messaging';
import { AppConfig } from '@postventa/platform';
import { IngestionService } from './ingestion.service';

/** Consumes the commerce, usage, support and feedback topics in batches. */
@Injectable()
export class DomainEventsConsumer extends KafkaBatchConsumer {
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
      name: 'domain-events',
      groupId: this.config.get('ENGINE_GROUP_ID'),
      topics: INBOUND_TOPIC_KEYS.map((key) => this.topics[key]),
      maxBatchSize: this.config.get('INGEST_BATCH_SIZE'),
      sessionTimeoutMs: this.config.get('ENGINE_SESSION_TIMEOUT_MS'),
      handler: async (batch) => void (await this.ingestion.handleBatch(batch)),
    };
  }
}

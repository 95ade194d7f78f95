import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { INBOUND_TOPIC_KEYS, TopicMap } from '@postventa/contracts';
import { BatchConsumerRunner, KafkaClient, TOPICS } from '@postventa/messaging';
import { AppConfig, LOGGER, Logger } from '@postventa/platform';
import { IngestionService } from './ingestion.service';

/** Consumes the commerce, usage, support and feedback topics in batches. */
@Injectable()
export class DomainEventsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly runner: BatchConsumerRunner;

  constructor(
    client: KafkaClient,
    private readonly ingestion: IngestionService,
    private readonly config: AppConfig,
    @Inject(TOPICS) private readonly topics: TopicMap,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.runner = new BatchConsumerRunner(client.kafka, logger);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.runner.start({
      groupId: this.config.get('ENGINE_GROUP_ID'),
      topics: INBOUND_TOPIC_KEYS.map((key) => this.topics[key]),
      maxBatchSize: this.config.get('INGEST_BATCH_SIZE'),
      handler: async (batch) => void (await this.ingestion.handleBatch(batch)),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }
}

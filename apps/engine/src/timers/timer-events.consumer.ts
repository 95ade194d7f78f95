import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { TopicMap } from '@postventa/contracts';
import { BatchConsumerRunner, KafkaClient, TOPICS } from '@postventa/messaging';
import { AppConfig, LOGGER, Logger } from '@postventa/platform';
import { IngestionService } from '../ingestion/ingestion.service';

/**
 * Consumes the timers topic in its own group and feeds `timer.fired` events through the same
 * path as domain events (inbox dedupe, customer lock, journeys), so a re-published firing is
 * handled once.
 */
@Injectable()
export class TimerEventsConsumer implements OnApplicationBootstrap, OnModuleDestroy {
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
      groupId: this.config.get('ENGINE_TIMER_GROUP_ID') ?? `${this.config.get('ENGINE_GROUP_ID')}.timers`,
      topics: [this.topics.timers],
      maxBatchSize: this.config.get('INGEST_BATCH_SIZE'),
      handler: async (batch) => void (await this.ingestion.handleBatch(batch)),
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.runner.stop();
  }
}

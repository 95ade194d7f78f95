import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { TopicMap } from '@postventa/contracts';
import { BatchConsumerRunner, KafkaClient, TOPICS } from '@postventa/messaging';
import { AppConfig, LOGGER, Logger } from '@postventa/platform';
import { EmailDeliveryService } from './email-delivery.service';

/** Consumes the commands topic in batches; offsets are committed after the batch is recorded. */
@Injectable()
export class CommandsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly runner: BatchConsumerRunner;

  constructor(
    client: KafkaClient,
    private readonly delivery: EmailDeliveryService,
    private readonly config: AppConfig,
    @Inject(TOPICS) private readonly topics: TopicMap,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.runner = new BatchConsumerRunner(client.kafka, logger);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.runner.start({
      groupId: this.config.get('DISPATCHER_GROUP_ID'),
      topics: [this.topics.commands],
      maxBatchSize: this.config.get('DISPATCHER_BATCH_SIZE'),
      sessionTimeoutMs: this.config.get('DISPATCHER_SESSION_TIMEOUT_MS'),
      handler: async (batch) => void (await this.delivery.handleBatch(batch)),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }
}

import { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from '@postventa/platform';
import { BatchConsumerOptions, BatchConsumerRunner } from './batch-consumer.runner';
import type { KafkaClient } from './kafka-client';

/**
 * A batch consumer tied to the app's lifecycle: it joins its group once the app has started and,
 * on shutdown, finishes the batch in hand, commits and leaves — before the database and producer
 * close. Subclasses say what to consume and which service handles a batch.
 */
export abstract class KafkaBatchConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly runner: BatchConsumerRunner;

  protected constructor(client: KafkaClient, logger: Logger) {
    this.runner = new BatchConsumerRunner(client.kafka, logger);
  }

  protected abstract consumerOptions(): BatchConsumerOptions;

  async onApplicationBootstrap(): Promise<void> {
    await this.runner.start(this.consumerOptions());
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }
}

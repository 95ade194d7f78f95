import { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import type { BatchConsumerRunner } from './batch-consumer.runner';
import { BatchConsumerHost, ConsumerSpec } from './batch-consumer.host';

/**
 * A batch consumer tied to the app's lifecycle: it joins its group once the app has started and,
 * on shutdown, finishes the batch in hand, commits and leaves — before the database and producer
 * close. Subclasses say what to consume and which service handles a batch.
 */
export abstract class KafkaBatchConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private runner?: BatchConsumerRunner;

  protected constructor(private readonly host: BatchConsumerHost) {}

  protected abstract consumerSpec(): ConsumerSpec;

  async onApplicationBootstrap(): Promise<void> {
    this.runner = await this.host.start(this.consumerSpec());
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.runner) await this.host.stop(this.runner);
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { TopicMap } from '@postventa/contracts';
import { BatchConsumerHost, ConsumerSpec, KafkaBatchConsumer, TOPICS } from '@postventa/messaging';
import { AppConfig } from '@postventa/platform';
import { EmailDeliveryService } from './email-delivery.service';

/** Consumes the commands topic in batches; offsets are committed after the batch is recorded. */
@Injectable()
export class CommandsConsumer extends KafkaBatchConsumer {
  constructor(
    host: BatchConsumerHost,
    private readonly delivery: EmailDeliveryService,
    private readonly config: AppConfig,
    @Inject(TOPICS) private readonly topics: TopicMap,
  ) {
    super(host);
  }

  protected consumerSpec(): ConsumerSpec {
    return {
      name: 'commands',
      groupId: this.config.get('DISPATCHER_GROUP_ID'),
      topics: [this.topics.commands],
      maxBatchSize: this.config.get('DISPATCHER_BATCH_SIZE'),
      sessionTimeoutMs: this.config.get('DISPATCHER_SESSION_TIMEOUT_MS'),
      handler: async (batch) => void (await this.delivery.handleBatch(batch)),
    };
  }
}

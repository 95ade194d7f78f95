import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { BatchEventPattern, type IncomingBatch } from '@postventa/messaging';
import { EmailDeliveryService } from './email-delivery.service';

/**
 * Consumes the commands topic in batches; offsets are committed after the batch is recorded. The
 * partitions' batches are worked on side by side (a customer's commands share a partition, so
 * they stay in order); the SMTP conversations of the process are shared by all of them.
 */
@Controller()
export class CommandsConsumer {
  constructor(private readonly delivery: EmailDeliveryService) {}

  @BatchEventPattern('commands', (config, topics) => ({
    groupId: config.get('DISPATCHER_GROUP_ID'),
    topics: [topics.commands],
    maxBatchSize: config.get('DISPATCHER_BATCH_SIZE'),
    partitionsConcurrently: config.get('KAFKA_TOPIC_PARTITIONS'),
    sessionTimeoutMs: config.get('DISPATCHER_SESSION_TIMEOUT_MS'),
  }))
  async handle(@Payload() batch: IncomingBatch): Promise<void> {
    await this.delivery.handleBatch(batch);
  }
}

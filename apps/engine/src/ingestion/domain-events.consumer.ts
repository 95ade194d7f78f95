import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { INBOUND_TOPIC_KEYS } from '@postventa/contracts';
import { BatchEventPattern, type IncomingBatch } from '@postventa/messaging';
import { IngestionService } from './ingestion.service';

/**
 * Consumes the commerce, usage, support and feedback topics in batches, several partitions at
 * once (each partition in order; a customer's batches take turns, see IngestionService).
 */
@Controller()
export class DomainEventsConsumer {
  constructor(private readonly ingestion: IngestionService) {}

  @BatchEventPattern('domain-events', (config, topics) => ({
    groupId: config.get('ENGINE_GROUP_ID'),
    topics: INBOUND_TOPIC_KEYS.map((key) => topics[key]),
    maxBatchSize: config.get('INGEST_BATCH_SIZE'),
    partitionsConcurrently: config.get('KAFKA_TOPIC_PARTITIONS'),
    sessionTimeoutMs: config.get('ENGINE_SESSION_TIMEOUT_MS'),
  }))
  async handle(@Payload() batch: IncomingBatch): Promise<void> {
    await this.ingestion.handleBatch(batch);
  }
}

import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { BatchEventPattern, type IncomingBatch } from '@postventa/messaging';
import { IngestionService } from '../ingestion/ingestion.service';

/**
 * Consumes the timers topic in its own group and feeds `timer.fired` events through the same
 * path as domain events (inbox dedupe, customer lock, journeys), so a re-published firing is
 * handled once.
 */
@Controller()
export class TimerEventsConsumer {
  constructor(private readonly ingestion: IngestionService) {}

  @BatchEventPattern('timer-events', (config, topics) => ({
    groupId: config.get('ENGINE_TIMER_GROUP_ID') ?? `${config.get('ENGINE_GROUP_ID')}.timers`,
    topics: [topics.timers],
    maxBatchSize: config.get('INGEST_BATCH_SIZE'),
    sessionTimeoutMs: config.get('ENGINE_SESSION_TIMEOUT_MS'),
  }))
  async handle(@Payload() batch: IncomingBatch): Promise<void> {
    await this.ingestion.handleBatch(batch);
  }
}

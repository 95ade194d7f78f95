import { DynamicModule, Module } from '@nestjs/common';
import { connectKafkaBatchTransport, MessagingModule } from '@postventa/messaging';
import { ActivityRepository, DatabaseModule, OutboxNotifier, OutboxRepository } from '@postventa/persistence';
import { AppConfig, AppSpec, Logger, PlatformModule } from '@postventa/platform';
import { CustomerRepository } from './customers/customer.repository';
import { DomainEventsConsumer } from './ingestion/domain-events.consumer';
import { InboxRepository } from './ingestion/inbox.repository';
import { IngestionService, NEW_EVENTS_HANDLERS, NewEventsHandler } from './ingestion/ingestion.service';
import { FlowAutoPublisher } from './flows/flow-auto-publisher.service';
import { FlowRegistry } from './flows/flow-registry.service';
import { FlowPublisher, FlowVersionRepository } from '@postventa/flows';
import { JourneyInstanceRepository } from './journeys/journey-instance.repository';
import { JourneyService } from './journeys/journey.service';
import { SendHistoryRepository } from './journeys/send-history.repository';
import { RiskHandler } from './risk/risk.handler';
import { RiskModule } from './risk/risk.module';
import { OutboxRelay } from './outbox/outbox-relay.service';
import { TimerEventsConsumer } from './timers/timer-events.consumer';
import { TimerScheduler } from './timers/timer-scheduler.service';
import { TimerRepository } from './timers/timer.repository';
import { EngineRetentionModule } from './retention/engine-retention.module';

/**
 * Consumes domain and timer events and advances customer journeys; fires due timers and relays
 * the outbox (commands, activity, timer firings) to Kafka.
 */
@Module({})
export class EngineModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: EngineModule,
      imports: [
        PlatformModule.forApp('engine', config, logger),
        DatabaseModule,
        MessagingModule,
        RiskModule,
        EngineRetentionModule,
      ],
      controllers: [DomainEventsConsumer, TimerEventsConsumer],
      providers: [
        InboxRepository,
        CustomerRepository,
        FlowVersionRepository,
        FlowRegistry,
        FlowPublisher,
        FlowAutoPublisher,
        JourneyInstanceRepository,
        SendHistoryRepository,
        ActivityRepository,
        TimerRepository,
        OutboxRepository,
        JourneyService,
        {
          provide: NEW_EVENTS_HANDLERS,
          inject: [JourneyService, RiskHandler],
          useFactory: (journeys: JourneyService, risk: RiskHandler): NewEventsHandler[] => [journeys, risk],
        },
        IngestionService,
        TimerScheduler,
        OutboxNotifier,
        OutboxRelay,
      ],
      exports: [IngestionService, CustomerRepository],
    };
  }
}

export const engineApp: AppSpec = {
  name: 'engine',
  port: (config) => config.get('ENGINE_PORT'),
  connect: connectKafkaBatchTransport,
  module: (config, logger) => EngineModule.forRoot(config, logger),
};

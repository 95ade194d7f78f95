import { DynamicModule, Module } from '@nestjs/common';
import { MessagingModule } from '@postventa/messaging';
import { DatabaseModule } from '@postventa/persistence';
import { AppConfig, AppSpec, Logger, PlatformModule } from '@postventa/platform';
import { CustomerRepository } from './customers/customer.repository';
import { DomainEventsConsumer } from './ingestion/domain-events.consumer';
import { InboxRepository } from './ingestion/inbox.repository';
import { IngestionService, NEW_EVENTS_HANDLERS } from './ingestion/ingestion.service';

/** Consumes domain and timer events and advances customer journeys. */
@Module({})
export class EngineModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: EngineModule,
      imports: [PlatformModule.forApp('engine', config, logger), DatabaseModule, MessagingModule],
      providers: [
        InboxRepository,
        CustomerRepository,
        { provide: NEW_EVENTS_HANDLERS, useValue: [] },
        IngestionService,
        DomainEventsConsumer,
      ],
      exports: [IngestionService, CustomerRepository],
    };
  }
}

export const engineApp: AppSpec = {
  name: 'engine',
  port: (config) => config.get('ENGINE_PORT'),
  module: (config, logger) => EngineModule.forRoot(config, logger),
};

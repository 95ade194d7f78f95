import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { connectKafkaBatchTransport, MessagingModule } from '@postventa/messaging';
import { DatabaseModule } from '@postventa/persistence';
import { AppConfig, AppSpec, HttpErrorFilter, Logger, PlatformModule } from '@postventa/platform';
import { AlertsModule } from '../../apps/dispatcher/src/alerts/alerts.module';
import { CustomerRepository } from '../../apps/engine/src/customers/customer.repository';
import { DomainEventsConsumer } from '../../apps/engine/src/ingestion/domain-events.consumer';
import { InboxRepository } from '../../apps/engine/src/ingestion/inbox.repository';
import {
  IngestionService,
  NEW_EVENTS_HANDLERS,
  NewEventsHandler,
} from '../../apps/engine/src/ingestion/ingestion.service';
import { RiskModule } from '../../apps/engine/src/risk/risk.module';
import { RiskHandler } from '../../apps/engine/src/risk/risk.handler';
import { AlertsApiModule } from '../../apps/gateway/src/alerts/alerts-api.module';

/**
 * A test-only app composing what issue 6 adds to each real app: the engine's ingestion with the
 * RiskHandler (and the risk review poller), the dispatcher's AlertsModule (delivery and
 * escalation pollers, raiseFromCommand) and the gateway's AlertsApiModule, in one process.
 */
@Module({})
class AlertsTestModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: AlertsTestModule,
      imports: [
        PlatformModule.forApp('alerts-test', config, logger),
        DatabaseModule,
        MessagingModule,
        RiskModule,
        AlertsModule,
        AlertsApiModule,
      ],
      controllers: [DomainEventsConsumer],
      providers: [
        InboxRepository,
        CustomerRepository,
        {
          provide: NEW_EVENTS_HANDLERS,
          inject: [RiskHandler],
          useFactory: (risk: RiskHandler): NewEventsHandler[] => [risk],
        },
        IngestionService,
        { provide: APP_FILTER, useClass: HttpErrorFilter },
      ],
    };
  }
}

export const alertsTestApp: AppSpec = {
  name: 'alerts-test',
  port: (config) => config.get('GATEWAY_PORT'),
  module: (config, logger) => AlertsTestModule.forRoot(config, logger),
  connect: connectKafkaBatchTransport,
};

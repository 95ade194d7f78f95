import { DynamicModule, Module } from '@nestjs/common';
import { LinkSigner, SuppressionRepository } from '@postventa/engagement';
import { MailModule } from '@postventa/mail';
import { connectKafkaBatchTransport, MessagingModule } from '@postventa/messaging';
import { DatabaseModule, RETENTION_TARGETS, RetentionService, RetentionTarget } from '@postventa/persistence';
import { AppConfig, AppSpec, Logger, PlatformModule } from '@postventa/platform';
import { CustomerLookupRepository } from './customers/customer-lookup.repository';
import { CommandsConsumer } from './delivery/commands.consumer';
import { DeliveryOutcomes } from './delivery/delivery-outcomes.service';
import { DeliveryRetryPoller } from './delivery/delivery-retry.poller';
import { DeliveryWorker } from './delivery/delivery-worker.service';
import { DeliveryRepository } from './delivery/delivery.repository';
import { DispatcherInstanceRepository } from './delivery/dispatcher-instance.repository';
import { DispatcherInstanceService } from './delivery/dispatcher-instance.service';
import { EmailDeliveryService } from './delivery/email-delivery.service';
import { EmailSender } from './delivery/email-sender.service';
import { AlertsModule } from './alerts/alerts.module';
import { EmailComposer } from './render/email-composer';
import { templateRendererProvider } from './render/template-renderer.provider';

/** Consumes commands and delivers them: emails and surveys exactly once, alerts to support leads. */
@Module({})
export class DispatcherModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: DispatcherModule,
      imports: [
        PlatformModule.forApp('dispatcher', config, logger),
        DatabaseModule,
        MessagingModule,
        MailModule,
        AlertsModule,
      ],
      controllers: [CommandsConsumer],
      providers: [
        LinkSigner,
        templateRendererProvider,
        EmailComposer,
        DeliveryRepository,
        SuppressionRepository,
        CustomerLookupRepository,
        DispatcherInstanceRepository,
        DispatcherInstanceService,
        DeliveryOutcomes,
        EmailSender,
        DeliveryWorker,
        EmailDeliveryService,
        DeliveryRetryPoller,
        {
          provide: RETENTION_TARGETS,
          inject: [DeliveryRepository],
          useFactory: (deliveries: DeliveryRepository): RetentionTarget[] => [
            {
              table: 'deliveries',
              keepDays: config.get('RETENTION_DELIVERIES_DAYS'),
              prune: (before, limit) => deliveries.pruneFinished(before, limit),
            },
          ],
        },
        RetentionService,
      ],
      exports: [EmailDeliveryService],
    };
  }
}

export const dispatcherApp: AppSpec = {
  name: 'dispatcher',
  port: (config) => config.get('DISPATCHER_PORT'),
  connect: connectKafkaBatchTransport,
  module: (config, logger) => DispatcherModule.forRoot(config, logger),
};

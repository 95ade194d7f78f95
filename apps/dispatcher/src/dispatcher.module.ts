import { DynamicModule, Module } from '@nestjs/common';
import { MessagingModule } from '@postventa/messaging';
import { DatabaseModule } from '@postventa/persistence';
import { AppConfig, AppSpec, Logger, PlatformModule } from '@postventa/platform';
import { MailerService } from './mail/mailer.service';

/** Consumes commands and delivers them: emails, surveys and alerts, each exactly once. */
@Module({})
export class DispatcherModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: DispatcherModule,
      imports: [PlatformModule.forApp('dispatcher', config, logger), DatabaseModule, MessagingModule],
      providers: [MailerService],
      exports: [MailerService],
    };
  }
}

export const dispatcherApp: AppSpec = {
  name: 'dispatcher',
  port: (config) => config.get('DISPATCHER_PORT'),
  module: (config, logger) => DispatcherModule.forRoot(config, logger),
};

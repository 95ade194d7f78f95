import { DynamicModule, Module } from '@nestjs/common';
import { MessagingModule } from '@postventa/messaging';
import { DatabaseModule } from '@postventa/persistence';
import { AppConfig, AppSpec, Logger, PlatformModule } from '@postventa/platform';

/** The HTTP edge: event ingest, survey / unsubscribe / tracking links, admin API. */
@Module({})
export class GatewayModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: GatewayModule,
      imports: [PlatformModule.forApp('gateway', config, logger), DatabaseModule, MessagingModule],
    };
  }
}

export const gatewayApp: AppSpec = {
  name: 'gateway',
  port: (config) => config.get('GATEWAY_PORT'),
  module: (config, logger) => GatewayModule.forRoot(config, logger),
};

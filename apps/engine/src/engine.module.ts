import { DynamicModule, Module } from '@nestjs/common';
import { MessagingModule } from '@postventa/messaging';
import { DatabaseModule } from '@postventa/persistence';
import { AppConfig, AppSpec, Logger, PlatformModule } from '@postventa/platform';

/** Consumes domain and timer events and advances customer journeys. */
@Module({})
export class EngineModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: EngineModule,
      imports: [PlatformModule.forApp('engine', config, logger), DatabaseModule, MessagingModule],
    };
  }
}

export const engineApp: AppSpec = {
  name: 'engine',
  port: (config) => config.get('ENGINE_PORT'),
  module: (config, logger) => EngineModule.forRoot(config, logger),
};

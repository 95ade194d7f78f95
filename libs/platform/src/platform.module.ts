import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppLifecycle, LIFECYCLE_LOGGER } from './app-lifecycle';
import { Clock } from './clock';
import { AppConfig } from './config/app-config';
import { HealthController } from './health/health.controller';
import { HealthRegistry } from './health/health.registry';
import { createLogger, Logger } from './logging/logger';
import { MetricsService } from './metrics/metrics.service';

export const LOGGER = Symbol('LOGGER');

/**
 * Config, logger, clock, metrics and health for one app. The config is validated before the
 * module is built (see `runApps`), so every provider receives a checked `AppConfig`.
 */
@Global()
@Module({})
export class PlatformModule {
  static forApp(app: string, config: AppConfig, logger?: Logger): DynamicModule {
    return {
      module: PlatformModule,
      controllers: [HealthController],
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: LOGGER, useValue: logger ?? createLogger({ name: app, level: config.get('LOG_LEVEL') }) },
        Clock,
        MetricsService,
        { provide: HealthRegistry, useFactory: () => Object.assign(new HealthRegistry(), { app }) },
        { provide: LIFECYCLE_LOGGER, useExisting: LOGGER },
        AppLifecycle,
      ],
      exports: [AppConfig, LOGGER, Clock, MetricsService, HealthRegistry, AppLifecycle],
    };
  }
}

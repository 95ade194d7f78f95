import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { MessagingModule } from '@postventa/messaging';
import { DatabaseModule } from '@postventa/persistence';
import { AppConfig, AppSpec, HttpErrorFilter, Logger, PlatformModule } from '@postventa/platform';
import { AlertsApiModule } from './alerts/alerts-api.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { DeliveriesAdminModule } from './deliveries/deliveries-admin.module';
import { IngestModule } from './ingest/ingest.module';
import { LinksModule } from './links/links.module';
import { TemplatesAdminModule } from './templates/templates-admin.module';

/** The HTTP edge: event ingest, survey / unsubscribe / tracking links, admin API (alerts, templates). */
@Module({})
export class GatewayModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: GatewayModule,
      imports: [PlatformModule.forApp('gateway', config, logger), DatabaseModule, MessagingModule, IngestModule, LinksModule, AlertsApiModule, TemplatesAdminModule, DashboardModule, DeliveriesAdminModule],
      providers: [{ provide: APP_FILTER, useClass: HttpErrorFilter }],
    };
  }
}

export const gatewayApp: AppSpec = {
  name: 'gateway',
  port: (config) => config.get('GATEWAY_PORT'),
  module: (config, logger) => GatewayModule.forRoot(config, logger),
};

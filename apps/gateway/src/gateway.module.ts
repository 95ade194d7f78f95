import { DynamicModule, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { MessagingModule } from '@postventa/messaging';
import { DatabaseModule } from '@postventa/persistence';
import { AppConfig, AppSpec, Logger, PlatformModule } from '@postventa/platform';
import { AlertsApiModule } from './alerts/alerts-api.module';
import { AuthLimitsModule } from './auth/auth-limits.module';
import { CustomersModule } from './customers/customers.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { DeliveriesAdminModule } from './deliveries/deliveries-admin.module';
import { FlowsAdminModule } from './flows/flows-admin.module';
import { IngestModule } from './ingest/ingest.module';
import { KpisModule } from './kpis/kpis.module';
import { LinksModule } from './links/links.module';
import { ApiRequestsModule } from './openapi/api-requests.module';
import { setupOpenApi } from './openapi/openapi.setup';
import { TemplatesAdminModule } from './templates/templates-admin.module';

/**
 * The HTTP edge: event ingest, survey / unsubscribe / tracking links, the admin API (flows, alerts,
 * customers, templates, deliveries) documented at `/openapi.json` and `/docs`.
 */
@Module({})
export class GatewayModule implements OnModuleInit {
  constructor(
    private readonly adapter: HttpAdapterHost,
    private readonly config: AppConfig,
  ) {}

  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        PlatformModule.forApp('gateway', config, logger),
        DatabaseModule,
        MessagingModule,
        AuthLimitsModule,
        // Bodies read after the guards by Express's parsers; zod DTOs validate every request part.
        ApiRequestsModule,
        IngestModule,
        LinksModule,
        AlertsApiModule,
        FlowsAdminModule,
        CustomersModule,
        TemplatesAdminModule,
        DashboardModule,
        DeliveriesAdminModule,
        KpisModule,
      ],
    };
  }

  /** Rate limits key on `req.ip`: behind reverse proxies, GATEWAY_TRUST_PROXY says which X-Forwarded-For hops to believe. */
  onModuleInit(): void {
    const trust = this.config.get('GATEWAY_TRUST_PROXY');
    if (trust === undefined) return;
    const value = /^\d+$/.test(trust)
      ? Number(trust)
      : trust === 'true'
        ? true
        : trust === 'false'
          ? false
          : trust.split(',').map((s) => s.trim());
    this.adapter.httpAdapter.getInstance<{ set(name: string, value: unknown): void }>().set('trust proxy', value);
  }
}

export const gatewayApp: AppSpec = {
  name: 'gateway',
  port: (config) => config.get('GATEWAY_PORT'),
  module: (config, logger) => GatewayModule.forRoot(config, logger),
  configure: (app) => setupOpenApi(app),
};

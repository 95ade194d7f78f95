import { Module } from '@nestjs/common';
import { ApiRequestsModule } from '../openapi/api-requests.module';
import { AlertsCoreModule, CustomerRiskRepository } from '@postventa/alerts';
import { AcknowledgeLinkController } from './acknowledge-link.controller';
import { AuthLimitsModule } from '../auth/auth-limits.module';
import { AdminAuthGuard } from './admin-auth.guard';
import { AlertsAdminService } from './alerts-admin.service';
import { AlertsController } from './alerts.controller';
import { CustomerInsightsController } from './customer-insights.controller';

/**
 * Admin API for alerts (`/v1/alerts`), customer timelines and risk (`/v1/customers/:id/...`),
 * behind `Authorization: Bearer <ADMIN_API_KEYS>`, and the signed acknowledge link of alert emails.
 */
@Module({
  imports: [ApiRequestsModule, AlertsCoreModule, AuthLimitsModule],
  controllers: [AlertsController, CustomerInsightsController, AcknowledgeLinkController],
  providers: [AdminAuthGuard, AlertsAdminService, CustomerRiskRepository],
})
export class AlertsApiModule {}

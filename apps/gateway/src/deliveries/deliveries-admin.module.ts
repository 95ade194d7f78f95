import { Module } from '@nestjs/common';
import { ApiRequestsModule } from '../openapi/api-requests.module';
import { AdminAuthGuard } from '../alerts/admin-auth.guard';
import { DeliveriesAdminController } from './deliveries-admin.controller';
import { DeliveryReportRepository } from './delivery-report.repository';

/** Admin API for deliveries (`/v1/deliveries`), behind `Authorization: Bearer <ADMIN_API_KEYS>`. */
@Module({
  imports: [ApiRequestsModule],
  controllers: [DeliveriesAdminController],
  providers: [AdminAuthGuard, DeliveryReportRepository],
})
export class DeliveriesAdminModule {}

import { Module } from '@nestjs/common';
import { FlowPublisher, FlowVersionRepository } from '@postventa/flows';
import { AdminAuthGuard } from '../alerts/admin-auth.guard';
import { AuthLimitsModule } from '../auth/auth-limits.module';
import { ApiRequestsModule } from '../openapi/api-requests.module';
import { FlowsAdminController } from './flows-admin.controller';
import { FlowsAdminService } from './flows-admin.service';

/**
 * Admin API for flows (`/v1/flows`), behind `Authorization: Bearer <ADMIN_API_KEYS>`: publishing
 * goes through the same FlowPublisher (and its advisory lock) as the engine and the CLI.
 */
@Module({
  imports: [ApiRequestsModule, AuthLimitsModule],
  controllers: [FlowsAdminController],
  providers: [AdminAuthGuard, FlowsAdminService, FlowPublisher, FlowVersionRepository],
})
export class FlowsAdminModule {}

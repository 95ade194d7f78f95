import { Module } from '@nestjs/common';
import { TemplatePreviewService } from '@postventa/mail';
import { AppConfig, LOGGER, Logger } from '@postventa/platform';
import { AdminAuthGuard } from '../alerts/admin-auth.guard';
import { AdminSessionModule } from '../auth/admin-session.module';
import { AuthLimitsModule } from '../auth/auth-limits.module';
import { ApiRequestsModule } from '../openapi/api-requests.module';
import { CapturedInboxService } from './captured-inbox.service';
import { DashboardFiles } from './dashboard-files';
import { DashboardController } from './dashboard.controller';

/**
 * The dashboard (`/dashboard`): sign-in (AdminSessionModule, which also lets the admin API accept
 * the session), the static app and its vendor scripts, email frames and the local captured inbox.
 */
@Module({
  imports: [ApiRequestsModule, AuthLimitsModule, AdminSessionModule],
  controllers: [DashboardController],
  providers: [
    AdminAuthGuard,
    CapturedInboxService,
    { provide: DashboardFiles, useFactory: () => new DashboardFiles() },
    {
      provide: TemplatePreviewService,
      useFactory: (config: AppConfig, logger: Logger) => new TemplatePreviewService(config, logger),
      inject: [AppConfig, LOGGER],
    },
  ],
})
export class DashboardModule {}

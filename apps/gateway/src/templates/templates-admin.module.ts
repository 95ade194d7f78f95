import { Module } from '@nestjs/common';
import { ApiRequestsModule } from '../openapi/api-requests.module';
import { TemplatePreviewService } from '@postventa/mail';
import { AppConfig, LOGGER, Logger } from '@postventa/platform';
import { AdminAuthGuard } from '../alerts/admin-auth.guard';
import { TemplatesAdminController } from './templates-admin.controller';

/**
 * Admin API for templates (`/v1/templates`): list, preview, test send, behind
 * `Authorization: Bearer <ADMIN_API_KEYS>`. Templates are read from TEMPLATES_DIR; the SMTP pool
 * (SMTP_URL) is opened on the first test send only, so the gateway needs no SMTP server otherwise.
 */
@Module({
  imports: [ApiRequestsModule],
  controllers: [TemplatesAdminController],
  providers: [
    AdminAuthGuard,
    {
      provide: TemplatePreviewService,
      useFactory: (config: AppConfig, logger: Logger) => new TemplatePreviewService(config, logger),
      inject: [AppConfig, LOGGER],
    },
  ],
})
export class TemplatesAdminModule {}

import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { TemplatePreviewService } from '@postventa/mail';
import { AppConfig, LOGGER, Logger } from '@postventa/platform';
import { AdminAuthGuard } from '../alerts/admin-auth.guard';
import { JsonBodyMiddleware } from '../alerts/json-body.middleware';
import { TemplatesAdminController } from './templates-admin.controller';
import { TemplatesAdminErrorCode } from './templates-admin.error';

/** Reads admin JSON bodies; a malformed or oversized one is a coded `TEMPLATE_INVALID_REQUEST`. */
export class TemplatesJsonBodyMiddleware extends JsonBodyMiddleware {
  protected override readonly invalidCode: string = TemplatesAdminErrorCode.InvalidRequest;
}

/**
 * Admin API for templates (`/v1/templates`): list, preview, test send, behind
 * `Authorization: Bearer <ADMIN_API_KEYS>`. Templates are read from TEMPLATES_DIR; the SMTP pool
 * (SMTP_URL) is opened on the first test send only, so the gateway needs no SMTP server otherwise.
 */
@Module({
  controllers: [TemplatesAdminController],
  providers: [
    AdminAuthGuard,
    TemplatesJsonBodyMiddleware,
    {
      provide: TemplatePreviewService,
      useFactory: (config: AppConfig, logger: Logger) => new TemplatePreviewService(config, logger),
      inject: [AppConfig, LOGGER],
    },
  ],
})
export class TemplatesAdminModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(TemplatesJsonBodyMiddleware).forRoutes(TemplatesAdminController);
  }
}

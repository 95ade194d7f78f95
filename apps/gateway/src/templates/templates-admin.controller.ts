import { Body, Controller, Get, HttpCode, Inject, Param, Post, UseGuards } from '@nestjs/common';
import {
  classifySmtpError,
  TemplatePreview,
  TemplatePreviewRequest,
  TemplatePreviewService,
  TemplateSummary,
} from '@postventa/mail';
import { LOGGER, Logger } from '@postventa/platform';
import { TemplateError } from '@postventa/templates';
import { AdminAuthGuard } from '../alerts/admin-auth.guard';
import { TemplatesAdminError, TemplatesAdminErrorCode } from './templates-admin.error';
import { parseTemplatesBody, previewBodySchema, testSendBodySchema } from './templates-admin.schemas';

/**
 * Admin API for marketing: list templates, preview one with sample data (the template's own
 * `sample.json`, with `locale`, `data` or `context` replaced) and send one test email. The same
 * TemplatePreviewService backs `postventa templates preview`.
 */
@Controller('v1/templates')
@UseGuards(AdminAuthGuard)
export class TemplatesAdminController {
  constructor(
    private readonly previews: TemplatePreviewService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Get()
  async list(): Promise<{ templates: TemplateSummary[] }> {
    return { templates: await this.previews.templates() };
  }

  @Post(':id/preview')
  @HttpCode(200)
  async preview(@Param('id') id: string, @Body() body: unknown): Promise<Record<string, unknown>> {
    const email = await this.render({ template: id, ...parseTemplatesBody(previewBodySchema, body) });
    const { template, locale, subject, preheader, html, text, templateVersion } = email;
    return { template, locale, subject, preheader, html, text, templateVersion };
  }

  @Post(':id/test-send')
  @HttpCode(202)
  async testSend(@Param('id') id: string, @Body() body: unknown): Promise<{ messageId: string; subject: string }> {
    const { to, ...request } = parseTemplatesBody(testSendBodySchema, body);
    const email = await this.render({ template: id, ...request });
    try {
      const sent = await this.previews.sendTest(to, email);
      this.logger.info({ template: id, locale: email.locale, messageId: sent.messageId }, 'template test email sent');
      return { messageId: sent.messageId, subject: sent.subject };
    } catch (error) {
      const failure = classifySmtpError(error);
      throw new TemplatesAdminError(
        TemplatesAdminErrorCode.TestSendFailed,
        `The test email was not sent: ${failure.message}`,
        { smtp: failure.code },
      );
    }
  }

  private async render(request: TemplatePreviewRequest): Promise<TemplatePreview> {
    try {
      return await this.previews.preview(request);
    } catch (error) {
      throw error instanceof TemplateError ? TemplatesAdminError.fromTemplateError(error) : error;
    }
  }
}

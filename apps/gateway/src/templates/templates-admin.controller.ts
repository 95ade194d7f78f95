import { Body, Controller, Get, HttpCode, Inject, Param, Post, UseGuards } from '@nestjs/common';
import {
  classifySmtpError,
  TemplatePreview,
  TemplatePreviewRequest,
  TemplatePreviewService,
  TemplateSummary,
} from '@postventa/mail';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { LOGGER, Logger } from '@postventa/platform';
import { TemplateError } from '@postventa/templates';
import { AdminAuthGuard } from '../alerts/admin-auth.guard';
import { ApiErrorResponses } from '../openapi/api-error.dto';
import { ADMIN_SECURITY } from '../openapi/openapi.setup';
import { InvalidRequestCode } from '../openapi/request-validation.pipe';
import { TemplatesAdminError, TemplatesAdminErrorCode } from './templates-admin.error';
import {
  PreviewBodyDto,
  TemplateListDto,
  TemplatePreviewDto,
  TestSendBodyDto,
  TestSendResultDto,
} from './templates-admin.schemas';

/**
 * Admin API for marketing: list templates, preview one with sample data (the template's own
 * `sample.json`, with `locale`, `data` or `context` replaced) and send one test email. The same
 * TemplatePreviewService backs `postventa templates preview`.
 */
@ApiTags('templates')
@ApiBearerAuth(ADMIN_SECURITY)
@ApiErrorResponses(400, 401, 429)
@InvalidRequestCode(TemplatesAdminErrorCode.InvalidRequest)
@Controller('v1/templates')
@UseGuards(AdminAuthGuard)
export class TemplatesAdminController {
  constructor(
    private readonly previews: TemplatePreviewService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The templates with the locales each is written in' })
  @ApiOkResponse({ type: TemplateListDto })
  async list(): Promise<{ templates: TemplateSummary[] }> {
    return { templates: await this.previews.templates() };
  }

  @Post(':id/preview')
  @HttpCode(200)
  @ApiOperation({ summary: 'Render a template in a locale, with its sample data or the data given; sends nothing' })
  @ApiOkResponse({ type: TemplatePreviewDto })
  @ApiErrorResponses(404, 422)
  async preview(@Param('id') id: string, @Body() body: PreviewBodyDto): Promise<TemplatePreviewDto> {
    const email = await this.render({ template: id, ...body });
    const { template, locale, subject, preheader, html, text, templateVersion } = email;
    return { template, locale, subject, preheader, html, text, templateVersion };
  }

  @Post(':id/test-send')
  @HttpCode(202)
  @ApiOperation({ summary: 'Render a template and send it once to one address (SMTP_URL)' })
  @ApiAcceptedResponse({ type: TestSendResultDto })
  @ApiErrorResponses(404, 422, 502)
  async testSend(@Param('id') id: string, @Body() body: TestSendBodyDto): Promise<TestSendResultDto> {
    const { to, ...request } = body;
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

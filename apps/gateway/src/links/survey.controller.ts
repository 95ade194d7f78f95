import { Controller, Get, HttpCode, Param, Post, Query, Req, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { LinkSigner } from '@postventa/engagement';
import { AppConfig } from '@postventa/platform';
import type { Request } from 'express';
import { RequestBody } from '../openapi/request-body.interceptor';
import { formFields, LINK_FORM_BODY } from './link-form';
import { pageLocale, surveyFormPage, surveyThanksPage } from './link-pages';
import { LinkPage } from './link-page.headers';
import { LinkRateLimitGuard } from './link-rate-limit.guard';
import { LinksErrorFilter } from './links-error.filter';
import { SurveyAnswerService } from './survey-answer.service';

/**
 * `GET /s/:token?score=N` shows the survey with that score selected (provisional: nothing acts on
 * it; a HEAD records nothing at all); `POST /s/:token` (form fields `score`, `comment`) confirms it.
 */
@Controller('s')
@ApiExcludeController()
@RequestBody(LINK_FORM_BODY)
@UseFilters(LinksErrorFilter)
@UseGuards(LinkRateLimitGuard)
export class SurveyController {
  private readonly brand: string;

  constructor(
    private readonly surveys: SurveyAnswerService,
    private readonly signer: LinkSigner,
    config: AppConfig,
  ) {
    this.brand = config.get('BRAND_NAME');
  }

  @Get(':token')
  @LinkPage()
  async open(@Param('token') token: string, @Query('score') score: unknown, @Req() req: Request): Promise<string> {
    const view = await this.surveys.view(token, score, req.method === 'HEAD');
    return surveyFormPage({
      locale: pageLocale(view.link.locale, req.headers['accept-language']),
      brand: this.brand,
      kind: view.link.surveyKind,
      score: view.score,
      action: `${this.signer.baseUrl}/s/${token}?score=${view.score}`,
      current: view.current?.score,
      comment: view.current?.comment,
    });
  }

  @Post(':token')
  @HttpCode(200)
  @LinkPage()
  async confirm(
    @Param('token') token: string,
    @Query('score') queryScore: unknown,
    @Req() req: Request,
  ): Promise<string> {
    const form = formFields(req);
    // The form's `score` field, else the score of the link URL posted to.
    const score = form.get('score') ?? (typeof queryScore === 'string' ? queryScore : null);
    const outcome = await this.surveys.confirm(token, { score, comment: form.get('comment') });
    return surveyThanksPage({
      locale: pageLocale(outcome.link.locale, req.headers['accept-language']),
      brand: this.brand,
      kind: outcome.link.surveyKind,
      score: outcome.answer.score,
      comment: outcome.answer.comment,
      action: `${this.signer.baseUrl}/s/${token}`,
      commented: Boolean(outcome.answer.comment),
      final: outcome.final,
    });
  }
}

import { Controller, Get, HttpCode, Param, Post, Query, Req, UseFilters } from '@nestjs/common';
import { LinkSigner } from '@postventa/engagement';
import { AppConfig } from '@postventa/platform';
import type { Request } from 'express';
import { readForm } from './form-body';
import { pageLocale, surveyThanksPage } from './link-pages';
import { LinkPage } from './link-page.headers';
import { LinksErrorFilter } from './links-error.filter';
import { SurveyAnswerService, SurveyOutcome } from './survey-answer.service';

/** `GET /s/:token?score=N` records the answer at once; `POST /s/:token` adds a comment. */
@Controller('s')
@UseFilters(LinksErrorFilter)
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
  async answer(@Param('token') token: string, @Query('score') score: unknown, @Req() req: Request): Promise<string> {
    return this.page(token, await this.surveys.answer(token, score), req, false);
  }

  @Post(':token')
  @HttpCode(200)
  @LinkPage()
  async comment(@Param('token') token: string, @Req() req: Request): Promise<string> {
    const form = await readForm(req);
    const outcome = await this.surveys.comment(token, form.get('comment') ?? '', form.get('score') ?? undefined);
    return this.page(token, outcome, req, Boolean(outcome.answer.comment));
  }

  private page(token: string, outcome: SurveyOutcome, req: Request, commented: boolean): string {
    return surveyThanksPage({
      locale: pageLocale(outcome.link.locale, req.headers['accept-language']),
      brand: this.brand,
      kind: outcome.link.surveyKind,
      score: outcome.answer.score,
      comment: outcome.answer.comment,
      action: `${this.signer.baseUrl}/s/${token}`,
      commented,
      final: outcome.final,
    });
  }
}

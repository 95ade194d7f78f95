import { Controller, Get, HttpCode, Param, Post, Req, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { LinkSigner } from '@postventa/engagement';
import { AppConfig } from '@postventa/platform';
import type { Request } from 'express';
import { RequestBody } from '../openapi/request-body.interceptor';
import { formFields, LINK_FORM_BODY } from './link-form';
import { pageLocale, unsubscribeConfirmPage, unsubscribedPage } from './link-pages';
import { LinkPage } from './link-page.headers';
import { LinkRateLimitGuard } from './link-rate-limit.guard';
import { LinksErrorFilter } from './links-error.filter';
import { UnsubscribeService } from './unsubscribe.service';

/**
 * `GET /u/:token` shows a confirmation page (a GET never unsubscribes: mail scanners follow
 * links); `POST /u/:token` unsubscribes, from that page or as RFC 8058 one-click
 * (`List-Unsubscribe=One-Click` form body), without login or cookie.
 */
@Controller('u')
@ApiExcludeController()
@RequestBody(LINK_FORM_BODY)
@UseFilters(LinksErrorFilter)
@UseGuards(LinkRateLimitGuard)
export class UnsubscribeController {
  private readonly brand: string;

  constructor(
    private readonly unsubscribes: UnsubscribeService,
    private readonly signer: LinkSigner,
    config: AppConfig,
  ) {
    this.brand = config.get('BRAND_NAME');
  }

  @Get(':token')
  @LinkPage()
  confirm(@Param('token') token: string, @Req() req: Request): string {
    const link = this.unsubscribes.check(token);
    return unsubscribeConfirmPage(
      pageLocale(link.locale, req.headers['accept-language']),
      this.brand,
      `${this.signer.baseUrl}/u/${token}`,
    );
  }

  @Post(':token')
  @HttpCode(200)
  @LinkPage()
  async unsubscribe(@Param('token') token: string, @Req() req: Request): Promise<string> {
    const form = formFields(req);
    const link = await this.unsubscribes.unsubscribe(
      token,
      form.get('List-Unsubscribe') === 'One-Click' && !req.headers['sec-fetch-user'],
    );
    return unsubscribedPage(pageLocale(link.locale, req.headers['accept-language']), this.brand);
  }
}

import { Controller, Get, HttpCode, Param, Post, Req, UseFilters, UseGuards } from '@nestjs/common';
import { LinkSigner } from '@postventa/engagement';
import { AppConfig } from '@postventa/platform';
import type { Request } from 'express';
import { readForm } from './form-body';
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
    const form = await readForm(req);
    const link = await this.unsubscribes.unsubscribe(
      token,
      form.get('List-Unsubscribe') === 'One-Click' && !req.headers['sec-fetch-user'],
    );
    return unsubscribedPage(pageLocale(link.locale, req.headers['accept-language']), this.brand);
  }
}

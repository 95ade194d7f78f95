import { Controller, Get, Header, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AlertError, AlertErrorCode, verifyAcknowledgeToken } from '@postventa/alerts';
import { escapeHtml as escape } from '@postventa/engagement';
import { AppConfig, linkSigningKey } from '@postventa/platform';
import { LinkRateLimitGuard } from '../links/link-rate-limit.guard';
import { RequestBody } from '../openapi/request-body.interceptor';
import { AlertsAdminService } from './alerts-admin.service';

const page = (title: string, body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escape(title)}</title></head>` +
  `<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem">${body}</body></html>`;

/**
 * The "Acknowledge and take ownership" link of alert emails and webhooks. GET shows a button (so
 * mail scanners that follow links acknowledge nothing); its POST acknowledges as the person the
 * signed link was made for. Rate-limited per client address like the email links. An HTML page
 * for a person, not an API: left out of the API document. Its form posts no fields.
 */
@ApiExcludeController()
@RequestBody({ urlencoded: { limit: 4 * 1024 } })
@Controller('alerts/:id/acknowledge')
@UseGuards(LinkRateLimitGuard)
export class AcknowledgeLinkController {
  private readonly key: string;

  constructor(
    private readonly alerts: AlertsAdminService,
    config: AppConfig,
  ) {
    this.key = linkSigningKey(config);
  }

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  confirm(@Param('id') id: string, @Query('as') as = '', @Query('token') token = ''): string {
    this.verify(id, as, token);
    const action = `?${new URLSearchParams({ as, token }).toString()}`;
    return page(
      'Acknowledge alert',
      `<h1>Take ownership of alert ${escape(id)}?</h1><p>You will acknowledge it as ${escape(as)}.</p>` +
        `<form method="post" action="${escape(action)}"><button type="submit" style="font-size:1rem;padding:.6rem 1.2rem">Acknowledge</button></form>`,
    );
  }

  @Post()
  @HttpCode(200)
  @Header('content-type', 'text/html; charset=utf-8')
  async acknowledge(@Param('id') id: string, @Query('as') as = '', @Query('token') token = ''): Promise<string> {
    this.verify(id, as, token);
    await this.alerts.acknowledge(id, as, 'acknowledged from the alert link');
    return page('Alert acknowledged', `<h1>Thanks — alert ${escape(id)} is yours.</h1>`);
  }

  private verify(id: string, as: string, token: string): void {
    if (!as || !token || !verifyAcknowledgeToken(this.key, id, as, token)) {
      throw new AlertError(AlertErrorCode.InvalidLink, 'This acknowledge link is not valid');
    }
  }
}

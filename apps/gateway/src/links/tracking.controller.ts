import { ApiExcludeController } from '@nestjs/swagger';
import { Controller, Get, Headers, Param, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { EngagementService } from './engagement.service';
import { LinkRateLimitGuard } from './link-rate-limit.guard';
import { LinksErrorFilter } from './links-error.filter';

/** A transparent 1×1 GIF. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/**
 * `GET /o/:token.gif` (open pixel) and `GET /c/:token` (click, then 302 to the signed URL). A HEAD
 * answers the same and records nothing.
 */
/** Pixels and redirects for mail clients, not an API: left out of the API document. */
@ApiExcludeController()
@Controller()
@UseFilters(LinksErrorFilter)
@UseGuards(LinkRateLimitGuard)
export class TrackingController {
  constructor(private readonly engagement: EngagementService) {}

  @Get('o/:token.gif')
  async open(
    @Param('token') token: string,
    @Headers('user-agent') userAgent: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.engagement.opened(token, userAgent, req.method === 'HEAD');
    res
      .status(200)
      .set({ 'Content-Type': 'image/gif', 'Cache-Control': 'no-store, max-age=0', 'Referrer-Policy': 'no-referrer' })
      .send(PIXEL);
  }

  @Get('c/:token')
  async click(
    @Param('token') token: string,
    @Headers('user-agent') userAgent: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const url = await this.engagement.clicked(token, userAgent, req.method === 'HEAD');
    res.set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' }).redirect(302, url);
  }
}

import { Controller, Get, Headers, Param, Res, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import { EngagementService } from './engagement.service';
import { LinksErrorFilter } from './links-error.filter';

/** A transparent 1×1 GIF. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** `GET /o/:token.gif` (open pixel) and `GET /c/:token` (click, then 302 to the signed URL). */
@Controller()
@UseFilters(LinksErrorFilter)
export class TrackingController {
  constructor(private readonly engagement: EngagementService) {}

  @Get('o/:token.gif')
  async open(@Param('token') token: string, @Headers('user-agent') userAgent: string | undefined, @Res() res: Response): Promise<void> {
    await this.engagement.opened(token, userAgent);
    res.status(200).set({ 'Content-Type': 'image/gif', 'Cache-Control': 'no-store, max-age=0', 'Referrer-Policy': 'no-referrer' }).send(PIXEL);
  }

  @Get('c/:token')
  async click(@Param('token') token: string, @Headers('user-agent') userAgent: string | undefined, @Res() res: Response): Promise<void> {
    const url = await this.engagement.clicked(token, userAgent);
    res.set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' }).redirect(302, url);
  }
}

import { Controller, Headers, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AppConfig, Clock } from '@postventa/platform';
import { IngestService } from './ingest.service';
import type { RequestWithRawBody } from './raw-body.middleware';
import { authenticate, SIGNATURE_HEADER } from './request-auth';

/**
 * `POST /v1/events`: one CloudEvent, an array of them, or `{ "events": [...] }`.
 * 202 when every event was accepted (after the broker acknowledged), 207 with per-event results
 * when some were rejected, 422 when none was valid; 400 / 401 / 413 / 415 for the request itself.
 */
@Controller('v1/events')
export class IngestController {
  constructor(
    private readonly ingest: IngestService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  @Post()
  @HttpCode(202)
  async post(
    @Req() req: RequestWithRawBody,
    @Res() res: Response,
    @Headers('authorization') authorization?: string,
    @Headers(SIGNATURE_HEADER) signature?: string,
    @Headers('content-type') contentType?: string,
  ): Promise<void> {
    const rawBody = req.rawBody ?? Buffer.alloc(0);
    authenticate(
      { apiKeys: this.config.get('INGEST_API_KEYS'), hmacSecret: this.config.get('INGEST_HMAC_SECRET') },
      { authorization, signature, rawBody },
      Math.floor(this.clock.now().getTime() / 1000),
    );
    const outcome = await this.ingest.ingest(rawBody, contentType);
    if (outcome.single) {
      const [result] = outcome.results;
      if (result.status === 'accepted') return void res.status(202).json({ status: 'accepted', id: result.id });
      const status = result.error.code === 'TOO_LARGE' ? 413 : result.error.code === 'UNSUPPORTED_CONTENT_TYPE' ? 415 : result.error.code === 'NOT_JSON' ? 400 : 422;
      return void res.status(status).json({ error: result.error });
    }
    const status = outcome.rejected === 0 ? 202 : outcome.accepted === 0 ? 422 : 207;
    res.status(status).json({ accepted: outcome.accepted, rejected: outcome.rejected, results: outcome.results });
  }
}

import { Controller, Headers, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { IngestAuthGuard, IngestRequest } from './ingest-auth.guard';
import { IngestBodyReader } from './ingest-body.reader';
import { IngestRateLimitGuard } from './ingest-rate-limit.guard';
import { IngestService } from './ingest.service';

/**
 * `POST /v1/events`: one CloudEvent, an array of them, or `{ "events": [...] }`.
 * Authenticated (and rate-limited per key) before the body is read. 202 when every event was
 * accepted (after the broker acknowledged); 207 with per-event results (each with its status code
 * and error code) when they differ; otherwise the one status all events share (403, 413, 422, 503).
 * 400 / 401 / 413 / 415 / 422 / 429 for the request itself.
 */
@Controller('v1/events')
@UseGuards(IngestAuthGuard, IngestRateLimitGuard)
export class IngestController {
  constructor(
    private readonly ingest: IngestService,
    private readonly body: IngestBodyReader,
  ) {}

  @Post()
  async post(
    @Req() req: IngestRequest,
    @Res() res: Response,
    @Headers('content-type') contentType?: string,
  ): Promise<void> {
    const body = await this.body.read(req, res);
    const outcome = await this.ingest.ingest(body, contentType, req.ingestPrincipal!);
    if (outcome.failed > 0) res.setHeader('Retry-After', '1');
    if (outcome.single) {
      const [result] = outcome.results;
      if (result.status === 'accepted') return void res.status(202).json({ status: 'accepted', id: result.id });
      return void res.status(result.statusCode).json({ error: result.error });
    }
    const statuses = new Set(outcome.results.map((r) => r.statusCode));
    const status = statuses.size === 1 ? [...statuses][0] : 207;
    res.status(status).json({
      accepted: outcome.accepted,
      rejected: outcome.rejected,
      failed: outcome.failed,
      results: outcome.results,
    });
  }
}

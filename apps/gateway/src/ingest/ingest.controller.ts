import { Controller, Headers, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiHeader, ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiErrorResponses } from '../openapi/api-error.dto';
import { INGEST_KEY_SECURITY, INGEST_SIGNATURE_SECURITY } from '../openapi/openapi.setup';
import { RequestBody } from '../openapi/request-body.interceptor';
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
@ApiTags('ingest')
@ApiSecurity(INGEST_KEY_SECURITY)
@ApiSecurity(INGEST_SIGNATURE_SECURITY)
@RequestBody({ none: true })
@Controller('v1/events')
@UseGuards(IngestAuthGuard, IngestRateLimitGuard)
export class IngestController {
  constructor(
    private readonly ingest: IngestService,
    private readonly body: IngestBodyReader,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Publish domain events (CloudEvents 1.0 JSON)',
    description:
      'One CloudEvent, an array of them, or `{ "events": [...] }`, up to INGEST_MAX_BODY_BYTES (gzip / deflate / br ' +
      'Content-Encoding accepted). Authenticated with an ingest API key or an HMAC signature of the body before the ' +
      'body is read.',
  })
  @ApiConsumes('application/json', 'application/cloudevents+json', 'application/cloudevents-batch+json')
  @ApiBody({
    schema: {
      oneOf: [
        { type: 'object', description: 'One CloudEvent', additionalProperties: true },
        { type: 'array', items: { type: 'object', additionalProperties: true } },
        {
          type: 'object',
          properties: { events: { type: 'array', items: { type: 'object', additionalProperties: true } } },
        },
      ],
    },
  })
  @ApiHeader({ name: 'Content-Encoding', required: false, description: 'gzip, deflate or br' })
  @ApiResponse({
    status: 202,
    description: 'Every event accepted (one event: `{ status, id }`; several: the per-event results)',
  })
  @ApiResponse({
    status: 207,
    description: '`{ accepted, rejected, failed, results: [{ index, id?, status, statusCode, error? }] }`',
  })
  @ApiErrorResponses(400, 401, 413, 415, 422, 429)
  @ApiResponse({ status: 503, description: 'The broker did not acknowledge: send again (Retry-After)' })
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

import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { AppConfig, Clock } from '@postventa/platform';
import type { Response } from 'express';
import { AuthFailureLimiter } from '../auth/auth-failure.limiter';
import { IngestBodyReader, RequestWithBody } from './ingest-body.reader';
import { IngestError } from './ingest.error';
import { authenticate, IngestCredentials, IngestPrincipal, SIGNATURE_HEADER } from './request-auth';

export type IngestRequest = RequestWithBody & { ingestPrincipal?: IngestPrincipal };

/**
 * Authenticates `POST /v1/events` before its body is read: an API key from the header alone (a
 * request without valid credentials is answered 401 with its body unread); a signature reads the
 * body, up to INGEST_MAX_BODY_BYTES, only once the signature header is well-formed and fresh.
 * Failures count per client address (AUTH_FAILURE_LIMIT); the principal is left on the request.
 */
@Injectable()
export class IngestAuthGuard implements CanActivate {
  private readonly credentials: IngestCredentials;

  constructor(
    config: AppConfig,
    private readonly clock: Clock,
    private readonly limiter: AuthFailureLimiter,
    private readonly body: IngestBodyReader,
  ) {
    this.credentials = {
      apiKeys: config.get('INGEST_API_KEYS'),
      feedbackKeys: config.get('INGEST_FEEDBACK_API_KEYS'),
      hmacSecret: config.get('INGEST_HMAC_SECRET'),
    };
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const req = http.getRequest<IngestRequest>();
    const res = http.getResponse<Response>();
    this.limiter.assertAllowed('ingest', req, res);
    try {
      req.ingestPrincipal = await authenticate(
        this.credentials,
        {
          authorization: req.headers.authorization,
          signature: header(req, SIGNATURE_HEADER),
          readBody: () => this.body.read(req, res),
        },
        Math.floor(this.clock.now().getTime() / 1000),
      );
    } catch (error) {
      if (error instanceof IngestError && error.httpStatus === 401)
        await this.limiter.recordFailure('ingest', req, res);
      throw error;
    }
    return true;
  }
}

function header(req: RequestWithBody, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

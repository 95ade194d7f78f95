import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import { AppConfig, LOGGER, Logger, requestIdOf } from '@postventa/platform';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { errorPage, pageLocale } from './link-pages';
import { LINK_PAGE_HEADERS } from './link-page.headers';
import { RequestInvalidError } from '../openapi/request-invalid.error';
import { LinkError, LinkErrorCode } from './links.error';

/**
 * Errors on link routes become a small page in the customer's language (or, for the open pixel,
 * just the status): 400 for a forged or altered link, 410 for an expired survey, 429 (with
 * Retry-After) for a flood from one address, 500 with a
 * correlation id in the log for anything unexpected. Never a stack trace.
 */
@Catch()
export class LinksErrorFilter implements ExceptionFilter {
  private readonly brand: string;

  constructor(
    config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.brand = config.get('BRAND_NAME');
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    let status = 500;
    let kind: 'invalid' | 'expired' | 'failed' = 'failed';
    if (exception instanceof LinkError) {
      status = exception.httpStatus;
      kind =
        exception.code === LinkErrorCode.LinkExpired
          ? 'expired'
          : exception.code === LinkErrorCode.RateLimited
            ? 'failed'
            : 'invalid';
    } else if (exception instanceof RequestInvalidError) {
      // A form too large (413), of another media type (415) or unreadable (400).
      status = exception.httpStatus;
      kind = 'invalid';
    } else if (exception instanceof HttpException && exception.getStatus() < 500) {
      status = exception.getStatus();
      kind = 'invalid';
    } else {
      const correlationId = requestIdOf(req) ?? randomUUID();
      this.logger.error(
        { err: exception, correlationId, path: req.path.replace(/\/[^/]{40,}/, '/<token>') },
        'link request failed',
      );
    }
    if (res.headersSent) return;
    res.status(status).set(LINK_PAGE_HEADERS);
    if (req.path.startsWith('/o/')) {
      res.end();
      return;
    }
    res.send(errorPage(pageLocale(undefined, req.headers['accept-language']), this.brand, kind));
  }
}

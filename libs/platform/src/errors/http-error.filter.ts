import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';
import { LOGGER } from '../platform.module';
import type { Logger } from '../logging/logger';
import { PostventaError } from './postventa.error';

/** An error whose code maps to an HTTP status at the edge. */
export interface HttpMappedError {
  httpStatus: number;
}

/**
 * The edge's one error mapping: coded errors become their 4xx with `{ error: { code, message,
 * path? } }`; Nest's own HTTP errors keep their status; anything else is a 500 with a
 * correlation id (the details go to the log, never to the caller).
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (exception instanceof PostventaError && 'httpStatus' in exception) {
      res.status((exception as PostventaError & HttpMappedError).httpStatus).json({
        error: { code: exception.code, message: exception.message, ...exception.details },
      });
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const message = typeof body === 'string' ? body : ((body as { message?: unknown }).message ?? exception.message);
      res.status(status).json({ error: { code: `HTTP_${status}`, message: Array.isArray(message) ? message.join('; ') : String(message) } });
      return;
    }
    const correlationId = randomUUID();
    this.logger.error({ err: exception, correlationId }, 'unhandled error');
    res.status(500).json({ error: { code: 'INTERNAL', message: 'Internal error', correlationId } });
  }
}

import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { noteErrorCode, requestIdOf } from '../http/request-logging.middleware';
import { LOGGER } from '../platform.module';
import type { Logger } from '../logging/logger';
import { PostventaError } from './postventa.error';

/** An error whose code maps to an HTTP status at the edge. */
export interface HttpMappedError {
  httpStatus: number;
}

/**
 * The edge's one error mapping: coded errors become their 4xx with `{ error: { code, message,
 * path?, correlationId } }`; Nest's own HTTP errors keep their status; anything else is a 500
 * (the details go to the log, never to the caller). `correlationId` is the request's id (its
 * `X-Request-Id` header and its request log line), so a caller's report leads to the log.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    const correlationId = requestIdOf(http.getRequest<Request>()) ?? randomUUID();
    const send = (status: number, error: { code: string; message: string } & Record<string, unknown>) => {
      noteErrorCode(res, error.code);
      res.status(status).json({ error: { ...error, correlationId } });
    };
    if (exception instanceof PostventaError && 'httpStatus' in exception) {
      send((exception as PostventaError & HttpMappedError).httpStatus, {
        code: exception.code,
        message: exception.message,
        ...exception.details,
      });
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const message = typeof body === 'string' ? body : ((body as { message?: unknown }).message ?? exception.message);
      send(status, { code: `HTTP_${status}`, message: Array.isArray(message) ? message.join('; ') : String(message) });
      return;
    }
    this.logger.error({ err: exception, correlationId }, 'unhandled error');
    send(500, { code: 'INTERNAL', message: 'Internal error' });
  }
}

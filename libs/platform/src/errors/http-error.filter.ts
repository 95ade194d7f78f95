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

/** What a failed Express body parser (`express.json`, `express.raw`, ...) means for the caller. */
export interface BodyParserFailure {
  status: 400 | 413 | 415;
  code: 'BODY_TOO_LARGE' | 'BODY_MALFORMED' | 'UNSUPPORTED_MEDIA_TYPE';
  message: string;
}

const BODY_PARSER_TYPES = new Set([
  'entity.too.large',
  'entity.parse.failed',
  'entity.verify.failed',
  'request.aborted',
  'request.size.invalid',
  'stream.encoding.set',
  'stream.not.readable',
  'parameters.too.many',
  'encoding.unsupported',
  'charset.unsupported',
]);

/** The status, code and caller-safe message of an Express body parser's error; undefined for any other error. */
export function bodyParserFailure(error: unknown): BodyParserFailure | undefined {
  const e = error as { type?: unknown; status?: unknown; limit?: unknown } | null;
  if (!e || typeof e !== 'object' || typeof e.type !== 'string' || !BODY_PARSER_TYPES.has(e.type)) return undefined;
  switch (e.type) {
    case 'entity.too.large':
      return {
        status: 413,
        code: 'BODY_TOO_LARGE',
        message: `The request body is larger than ${typeof e.limit === 'number' ? `${e.limit} bytes` : 'this route accepts'}`,
      };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Unsupported Content-Encoding or charset' };
    case 'entity.parse.failed':
      return { status: 400, code: 'BODY_MALFORMED', message: 'The request body is not valid JSON' };
    default:
      return { status: 400, code: 'BODY_MALFORMED', message: 'The request body could not be read' };
  }
}

/**
 * The edge's one error mapping: coded errors become their 4xx with `{ error: { code, message,
 * path?, correlationId } }`; Express body parser errors are 400 / 413 / 415 (`bodyParserFailure`);
 * Nest's own HTTP errors keep their status; anything else is a 500
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
    const parser = bodyParserFailure(exception);
    if (parser) {
      send(parser.status, { code: parser.code, message: parser.message });
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

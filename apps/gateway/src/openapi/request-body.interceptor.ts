import { CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { bodyParserFailure } from '@postventa/platform';
import express from 'express';
import type { Request, RequestHandler, Response } from 'express';
import { catchError, from, Observable, switchMap, throwError } from 'rxjs';
import { RequestInvalidError } from './request-invalid.error';
import { INVALID_REQUEST_CODE } from './request-validation.pipe';

/** Metadata key of `@RequestBody`. */
export const REQUEST_BODY = 'postventa:request-body';

/** The admin API's JSON limit unless a route says otherwise. */
export const DEFAULT_JSON_LIMIT = 64 * 1024;

export interface RequestBodyOptions {
  /** `application/json` (and `+json`) bodies, parsed by `express.json`. */
  json?: { limit: number };
  /** Text bodies of the given media types (YAML, say), read as a string by `express.text`. */
  text?: { limit: number; types: string[] };
  /** HTML form bodies, parsed by `express.urlencoded`; `types` widens which media types count as a form. */
  urlencoded?: { limit: number; types?: string[] };
  /** The handler reads the body itself (ingest reads raw bytes for its signature). */
  none?: true;
}

/**
 * Which bodies a route takes, parsed by Express's own parsers with these limits. A route without
 * it takes JSON up to 64 KB. Parsing happens in `RequestBodyInterceptor`, which Nest runs after
 * the guards: an unauthenticated request is answered 401 with its body unread.
 */
export const RequestBody = (options: RequestBodyOptions) => SetMetadata(REQUEST_BODY, options);

interface Parser {
  types: string[];
  limit: number;
  handler: RequestHandler;
  /** The value of an absent body. */
  empty: () => unknown;
}

/**
 * Reads request bodies after authentication, with Express's parsers chosen per route by
 * `@RequestBody`: a declared length over the limit is 413 before any byte is read, bad JSON 400, a
 * media type the route does not take 415 — each as the JSON error body. A 400 (bad JSON, a DTO's
 * validation error) carries the route's `@InvalidRequestCode` when it has one, so one route
 * answers every malformed request with one code.
 */
@Injectable()
export class RequestBodyInterceptor implements NestInterceptor {
  private readonly parsers = new Map<RequestBodyOptions, Parser[]>();

  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const targets = [context.getHandler(), context.getClass()];
    const options = this.reflector.getAllAndOverride<RequestBodyOptions | undefined>(REQUEST_BODY, targets) ?? DEFAULTS;
    const code = this.reflector.getAllAndOverride<string | undefined>(INVALID_REQUEST_CODE, targets);
    const http = context.switchToHttp();
    // A 400 takes the area's code; 413 and 415 keep theirs (BODY_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE).
    const relabel = (error: unknown) =>
      error instanceof RequestInvalidError && code && error.httpStatus === 400 ? error.withCode(code) : error;
    return from(this.read(http.getRequest<Request>(), http.getResponse<Response>(), options)).pipe(
      switchMap(() => next.handle()),
      catchError((error: unknown) => throwError(() => relabel(error))),
    );
  }

  private async read(req: Request, res: Response, options: RequestBodyOptions): Promise<void> {
    if (options.none) return;
    // Another middleware already read it (or a guard did, to check a signature).
    if ((req as Request & { _body?: boolean })._body || req.readableEnded) return;
    const parsers = this.parsersFor(options);
    if (!hasBody(req)) {
      req.body = parsers[0]?.empty();
      return;
    }
    const parser = parsers.find((p) => req.is(p.types));
    if (!parser) {
      const accepted = parsers.flatMap((p) => p.types).join(', ');
      throw new RequestInvalidError('UNSUPPORTED_MEDIA_TYPE', `Send the body as ${accepted}`, 415, {
        accepted: parsers.flatMap((p) => p.types),
      });
    }
    // A declared length over the limit is refused at once: on any error the parser reads the whole body off first.
    if (Number(req.headers['content-length'] ?? 0) > parser.limit) {
      throw new RequestInvalidError('BODY_TOO_LARGE', `The request body is larger than ${parser.limit} bytes`, 413, {
        limit: parser.limit,
      });
    }
    await new Promise<void>((resolve, reject) =>
      parser.handler(req, res, (error?: unknown) => {
        if (!error) return resolve();
        const failure = bodyParserFailure(error);
        reject(failure ? new RequestInvalidError(failure.code, failure.message, failure.status) : error);
      }),
    );
    if (req.body === undefined) req.body = parser.empty();
  }

  private parsersFor(options: RequestBodyOptions): Parser[] {
    let parsers = this.parsers.get(options);
    if (parsers) return parsers;
    parsers = [];
    if (options.json) {
      const types = ['application/json', 'application/*+json'];
      const { limit } = options.json;
      parsers.push({ types, limit, handler: express.json({ limit, type: types }), empty: () => ({}) });
    }
    if (options.urlencoded) {
      const types = options.urlencoded.types ?? ['application/x-www-form-urlencoded'];
      const { limit } = options.urlencoded;
      parsers.push({
        types,
        limit,
        handler: express.urlencoded({ limit, type: types, extended: false }),
        empty: () => ({}),
      });
    }
    if (options.text) {
      const { types, limit } = options.text;
      parsers.push({ types, limit, handler: express.text({ limit, type: types }), empty: () => '' });
    }
    this.parsers.set(options, parsers);
    return parsers;
  }
}

const DEFAULTS: RequestBodyOptions = { json: { limit: DEFAULT_JSON_LIMIT } };

/** A body is there when it is chunked or declares a non-zero length (a form with no fields posts `Content-Length: 0`). */
function hasBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

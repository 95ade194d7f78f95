import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../logging/logger';
import type { MetricsService } from '../metrics/metrics.service';

/** The header that carries a request's id in and out; error bodies quote it as `correlationId`. */
export const REQUEST_ID_HEADER = 'X-Request-Id';

/** An incoming id is kept only when it is short and plain (no spaces, quotes or control characters to smuggle into logs). */
const WELL_FORMED_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{7,127}$/;

/** Requests that did not match any route share one label, so a scan of random URLs cannot blow up the metric's cardinality. */
export const UNMATCHED_ROUTE = '(unmatched)';

/** Probes and scrapes: logged at debug level, so the log keeps the requests people make. */
const QUIET_ROUTES = new Set(['/health', '/health/ready', '/metrics']);

const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface ObservedRequest {
  requestId?: string;
}

interface ObservedLocals {
  /** Set by the error filters: the code of the error the response carries. */
  errorCode?: string;
}

/** The id the caller sent (when well formed), else a fresh one. */
export function acceptRequestId(incoming: string | string[] | undefined): string {
  const value = Array.isArray(incoming) ? incoming[0] : incoming;
  return value !== undefined && WELL_FORMED_ID.test(value) ? value : randomUUID();
}

/** The id `observeRequests` gave this request (undefined outside an app started by `startApp`). */
export function requestIdOf(req: unknown): string | undefined {
  return (req as ObservedRequest | undefined)?.requestId;
}

/** Tells the request log which error code a response carries. */
export function noteErrorCode(res: unknown, code: string): void {
  const locals = (res as { locals?: ObservedLocals } | undefined)?.locals;
  if (locals) locals.errorCode = code;
}

/** The route pattern a request matched (`/v1/alerts/:id`), never the raw URL. */
export function routeOf(req: Request): string {
  const route = (req as Request & { route?: { path?: unknown } }).route;
  return route && typeof route.path === 'string' ? `${req.baseUrl ?? ''}${route.path}` : UNMATCHED_ROUTE;
}

/**
 * The one place that watches HTTP requests: gives each an id (`X-Request-Id`, taken from the
 * caller when well formed), counts it by route pattern and status
 * (`postventa_http_requests_total`, `postventa_http_request_duration_seconds`) and writes one
 * JSON log line per response through pino-http. The line holds the method, the route pattern,
 * the status, the duration and the id; never the URL (links carry signed tokens), headers or
 * bodies. Probes and scrapes log at debug level, server errors at error level.
 */
export function observeRequests(
  logger: Logger,
  metrics: MetricsService,
): (req: Request, res: Response, next: NextFunction) => void {
  const requests = metrics.counter(
    'postventa_http_requests_total',
    'HTTP requests by method, route pattern and status',
    ['method', 'route', 'status'],
  );
  const durations = metrics.histogram(
    'postventa_http_request_duration_seconds',
    'HTTP request duration by method, route pattern and status',
    ['method', 'route', 'status'],
    DURATION_BUCKETS,
  );
  const errorCodeOf = (res: Response) => (res.locals as ObservedLocals | undefined)?.errorCode;
  const log = pinoHttp<Request, Response>({
    logger,
    genReqId: (req) => (req as Request & ObservedRequest).requestId ?? acceptRequestId(req.headers['x-request-id']),
    // The line is built from the fields below; pino-http's own req/res objects (URL, headers) are left out.
    quietReqLogger: true,
    quietResLogger: true,
    wrapSerializers: false,
    serializers: { req: () => undefined, res: () => undefined, err: () => undefined, responseTime: () => undefined },
    customAttributeKeys: { req: 'req', res: 'res', err: 'err', reqId: 'requestId', responseTime: 'responseTime' },
    customLogLevel: (req, res) => (res.statusCode >= 500 ? 'error' : QUIET_ROUTES.has(routeOf(req)) ? 'debug' : 'info'),
    customSuccessMessage: () => 'request',
    customErrorMessage: () => 'request',
    customSuccessObject: (req, res, line: Record<string, unknown>) => requestLine(req, res, line),
    customErrorObject: (req, res, _error, line: Record<string, unknown>) => requestLine(req, res, line),
  });
  function requestLine(req: Request, res: Response, line: Record<string, unknown>): Record<string, unknown> {
    const errorCode = errorCodeOf(res);
    return {
      requestId: line.requestId,
      method: req.method,
      route: routeOf(req),
      status: res.statusCode,
      durationMs: Math.round(Number(line.responseTime) * 10) / 10,
      ...(res.writableFinished ? {} : { aborted: true }),
      ...(errorCode ? { errorCode } : {}),
    };
  }
  return (req, res, next) => {
    const started = performance.now();
    const requestId = acceptRequestId(req.headers['x-request-id']);
    (req as Request & ObservedRequest).requestId = requestId;
    res.setHeader(REQUEST_ID_HEADER, requestId);
    res.once('close', () => {
      const labels = { method: req.method, route: routeOf(req), status: String(res.statusCode) };
      requests.inc(labels);
      durations.observe(labels, (performance.now() - started) / 1000);
    });
    log(req, res, next);
  };
}

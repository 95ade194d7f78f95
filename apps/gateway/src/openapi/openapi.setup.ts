/**
 * The gateway's API document (`GET /openapi.json`) and its interactive docs (`GET /docs`).
 *
 * Conventions for every controller of the gateway:
 * - Requests: body, query and params are `class XDto extends createZodDto(schema)` (nestjs-zod);
 *   the global `RequestValidationPipe` parses them (coercing, defaulting) and answers a failure
 *   with 400 `{ error: { code, message, path, fields: [{ path, message }], correlationId } }`.
 *   `@InvalidRequestCode('AREA_INVALID_REQUEST')` on the controller sets `code` (default
 *   `VALIDATION_FAILED`). Never `@Body() body: unknown` plus a hand-written parse.
 * - Bodies: read by Express's own parsers after the guards (`RequestBodyInterceptor`): JSON up to
 *   64 KB unless the route says `@RequestBody({ json: { limit } , text: ..., urlencoded: ... })`;
 *   over the limit 413, bad JSON 400, another media type 415. Routes that read their own body say
 *   `@RequestBody({ none: true })`.
 * - Docs: `@ApiTags('area')` on the controller; `@ApiBearerAuth(ADMIN_SECURITY)` on admin
 *   controllers (they use `AdminAuthGuard`); each handler declares its answer with
 *   `@ApiOkResponse({ type: XResponseDto })` (or nestjs-zod's `@ZodResponse`, which also parses
 *   the value returned) and its errors with `@ApiErrorResponses(...)`. A schema named with
 *   `.meta({ id })` is for nesting only: a schema used itself as a DTO takes the DTO's class name. Routes that are no API
 *   (HTML pages, pixels) say `@ApiExcludeController()` / `@ApiExcludeEndpoint()` and why.
 */
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { cleanupOpenApiDoc } from 'nestjs-zod';

/** The security scheme of the admin API: `Authorization: Bearer <one of ADMIN_API_KEYS>`. */
export const ADMIN_SECURITY = 'admin';
/** `POST /v1/events` with `Authorization: Bearer <one of INGEST_API_KEYS>`. */
export const INGEST_KEY_SECURITY = 'ingestKey';
/** `POST /v1/events` signed with INGEST_HMAC_SECRET in `X-Postventa-Signature`. */
export const INGEST_SIGNATURE_SECURITY = 'ingestSignature';

export const OPENAPI_JSON_PATH = '/openapi.json';
export const DOCS_PATH = '/docs';

/**
 * swagger-ui loads only its own files from this origin (served from the installed swagger-ui-dist)
 * and fetches the document from here; it sets inline styles, so `style-src` allows them.
 */
export const DOCS_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The gateway's OpenAPI document, from the controllers' decorators and zod DTOs. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Postventa gateway API')
    .setDescription(
      'Event ingest and the admin API (flows, alerts, customers, templates, deliveries). ' +
        'Admin routes take `Authorization: Bearer <admin API key>` (ADMIN_API_KEYS). Errors are ' +
        '`{ "error": { "code", "message", "correlationId", ... } }`; validation errors name each field in `fields`.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An admin API key (ADMIN_API_KEYS)' }, ADMIN_SECURITY)
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'An ingest API key (INGEST_API_KEYS)' },
      INGEST_KEY_SECURITY,
    )
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: 'X-Postventa-Signature',
        description: 't=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body"> with INGEST_HMAC_SECRET',
      },
      INGEST_SIGNATURE_SECURITY,
    )
    .build();
  return cleanupOpenApiDoc(
    SwaggerModule.createDocument(app, config, {
      operationIdFactory: (controllerKey, methodKey) => `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
    }),
  );
}

/** Serves `/openapi.json` and `/docs` (swagger-ui from swagger-ui-dist, no CDN), built on first request. */
export function setupOpenApi(app: INestApplication): void {
  app.use(DOCS_PATH, (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Content-Security-Policy', DOCS_CONTENT_SECURITY_POLICY);
    res.setHeader('Referrer-Policy', 'no-referrer');
    next();
  });
  let document: OpenAPIObject | undefined;
  SwaggerModule.setup(DOCS_PATH.slice(1), app, () => (document ??= buildOpenApiDocument(app)), {
    jsonDocumentUrl: OPENAPI_JSON_PATH.slice(1),
    raw: ['json'],
    customSiteTitle: 'Postventa API',
    swaggerOptions: { validatorUrl: null, persistAuthorization: false, tryItOutEnabled: false },
  });
}

import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

export const errorBodySchema = z.object({
  error: z
    .object({
      code: z.string().describe('What went wrong, e.g. ALERT_NOT_FOUND, VALIDATION_FAILED'),
      message: z.string(),
      path: z.string().optional().describe('The first failing field'),
      fields: z
        .array(z.object({ path: z.string(), message: z.string() }))
        .optional()
        .describe('Every failing field of a validation error'),
      correlationId: z.string().describe("The request's id (X-Request-Id), also in the log"),
    })
    .catchall(z.unknown()),
});

export class ErrorBodyDto extends createZodDto(errorBodySchema) {}

const DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed request: a field is invalid (named in `fields`) or the body is not valid JSON',
  401: 'Missing or invalid credentials',
  404: 'Not found',
  409: 'Conflicts with the current state',
  413: 'The body is larger than this route accepts',
  415: 'The body is not of a media type this route accepts',
  422: 'Well formed but cannot be processed',
  429: 'Too many failed attempts from this address (Retry-After)',
};

/** Documents the error answers of a route, all with the one error body. */
export function ApiErrorResponses(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: DESCRIPTIONS[status] ?? 'Error', type: ErrorBodyDto }),
    ),
  );
}

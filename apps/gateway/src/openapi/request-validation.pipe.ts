import { ArgumentMetadata, Injectable, SetMetadata } from '@nestjs/common';
import { createZodValidationPipe } from 'nestjs-zod';
import { RequestInvalidError } from './request-invalid.error';

/** Metadata key of `@InvalidRequestCode`. */
export const INVALID_REQUEST_CODE = 'postventa:invalid-request-code';

/**
 * The error code a controller (or one handler) answers a malformed or invalid request with, e.g.
 * `@InvalidRequestCode('ALERT_INVALID_REQUEST')`; without it the code is `VALIDATION_FAILED`
 * (or `BODY_MALFORMED`, `BODY_TOO_LARGE`, `UNSUPPORTED_MEDIA_TYPE` for an unreadable body).
 */
export const InvalidRequestCode = (code: string) => SetMetadata(INVALID_REQUEST_CODE, code);

const ZodPipe = createZodValidationPipe({ createValidationException: (error) => RequestInvalidError.fromZod(error) });

/**
 * The gateway's global pipe: a parameter typed with a `createZodDto` class is parsed by its schema
 * (coerced, defaulted); a failure is a 400 `RequestInvalidError` naming the request part
 * (`body.actor: is required`) and every failing field. Other parameters pass through. A body no
 * DTO class can stand for (a union) takes the pipe with its schema: `@Body(new RequestValidationPipe(schema))`.
 */
@Injectable()
export class RequestValidationPipe extends ZodPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): unknown {
    try {
      return super.transform(metadata.type === 'body' && value === undefined ? {} : value, metadata);
    } catch (error) {
      throw error instanceof RequestInvalidError ? error.inPart(metadata.type) : error;
    }
  }
}

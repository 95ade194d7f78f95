import { PostventaError } from '@postventa/platform';
import { z } from 'zod';

/** One field a request got wrong: its path inside the body / query / params, and why. */
export interface FieldIssue {
  path: string;
  message: string;
}

/**
 * A request the gateway cannot take as sent: a zod DTO rejected a field (400, naming every failing
 * field path in `fields`), or its body could not be read (400 malformed, 413 too large, 415 wrong
 * content type). The code is the area's own (`ALERT_INVALID_REQUEST`, ...) when the controller
 * declares one with `@InvalidRequestCode`, else `VALIDATION_FAILED` / the body parser's code.
 */
export class RequestInvalidError extends PostventaError {
  readonly area = 'http';

  constructor(
    code: string,
    message: string,
    readonly httpStatus: number,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, details);
  }

  /** The same error under an area's code (the status, message and fields stay). */
  withCode(code: string): RequestInvalidError {
    return new RequestInvalidError(code, this.message, this.httpStatus, this.details);
  }

  /** From a zod error on one request part: the first issue in `message` and `path`, all of them in `fields`. */
  static fromZod(error: unknown, part = 'body'): RequestInvalidError {
    const issues = error instanceof z.ZodError ? error.issues : [];
    const fields: FieldIssue[] = issues.map((issue) => ({
      path: issue.path.map(String).join('.'),
      message:
        issue.code === 'invalid_type' && /received undefined/.test(issue.message) ? 'is required' : issue.message,
    }));
    return RequestInvalidError.ofFields(fields, part);
  }

  /** The same field issues, told as issues of another request part (`query`, `param`). */
  inPart(part: string): RequestInvalidError {
    const fields = (this.details.fields as FieldIssue[] | undefined) ?? [];
    return RequestInvalidError.ofFields(fields, part).withCode(this.code);
  }

  private static ofFields(fields: FieldIssue[], part: string): RequestInvalidError {
    const first = fields[0] ?? { path: '', message: 'is not valid' };
    return new RequestInvalidError(
      'VALIDATION_FAILED',
      `${part}${first.path ? `.${first.path}` : ''}: ${first.message}`,
      400,
      { path: first.path || part, fields },
    );
  }
}

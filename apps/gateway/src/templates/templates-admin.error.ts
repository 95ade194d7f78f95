import { PostventaError } from '@postventa/platform';
import { TemplateError, TemplateErrorCode } from '@postventa/templates';

export enum TemplatesAdminErrorCode {
  InvalidRequest = 'TEMPLATE_INVALID_REQUEST',
  TestSendFailed = 'TEMPLATE_TEST_SEND_FAILED',
}

export type TemplatesAdminCode = TemplatesAdminErrorCode | TemplateErrorCode;

/**
 * Errors of the templates admin API. A `TemplateError` keeps its code: TEMPLATE_NOT_FOUND is a
 * 404; any other (MISSING_VARIABLE, SYNTAX_ERROR, INVALID_SAMPLE...) is a 422, since the request
 * was well formed but the template cannot be rendered with that data.
 */
export class TemplatesAdminError extends PostventaError<TemplatesAdminCode> {
  readonly area = 'templates';

  get httpStatus(): number {
    switch (this.code) {
      case TemplatesAdminErrorCode.InvalidRequest:
        return 400;
      case TemplatesAdminErrorCode.TestSendFailed:
        return 502;
      case TemplateErrorCode.TemplateNotFound:
        return 404;
      default:
        return 422;
    }
  }

  /** Keeps where it happened (template, locale, part, variable...) but not server file paths. */
  static fromTemplateError(error: TemplateError): TemplatesAdminError {
    const { file: _file, ...details } = error.details;
    return new TemplatesAdminError(error.code, error.message, { ...details });
  }
}

/**
 * Errors raised while loading, compiling or rendering templates. The code says what went wrong;
 * `details` names the template, locale, file and the variable / partial / helper involved.
 */
export enum TemplateErrorCode {
  TemplateNotFound = 'TEMPLATE_NOT_FOUND',
  LocaleNotFound = 'LOCALE_NOT_FOUND',
  LayoutNotFound = 'LAYOUT_NOT_FOUND',
  MissingVariable = 'MISSING_VARIABLE',
  MissingPartial = 'MISSING_PARTIAL',
  MissingHelper = 'MISSING_HELPER',
  MissingString = 'MISSING_STRING',
  SyntaxError = 'SYNTAX_ERROR',
  InvalidArgument = 'INVALID_ARGUMENT',
  InvalidDefinition = 'INVALID_DEFINITION',
  InvalidSample = 'INVALID_SAMPLE',
  RenderFailed = 'RENDER_FAILED',
}

/** Which piece of an email was being rendered. */
export type TemplatePart = 'subject' | 'preheader' | 'html' | 'text' | 'layout';

export interface TemplateErrorDetails {
  template?: string;
  locale?: string;
  part?: TemplatePart;
  file?: string;
  variable?: string;
  partial?: string;
  helper?: string;
  key?: string;
  line?: number;
  column?: number;
}

/**
 * Same shape as the platform's `PostventaError` (area, code, details) so the edges can map it
 * without knowing this library. `reason` is the bare message; `message` adds where it happened.
 */
export class TemplateError extends Error {
  readonly area = 'templates';

  constructor(
    readonly code: TemplateErrorCode,
    readonly reason: string,
    readonly details: TemplateErrorDetails = {},
  ) {
    super(describe(reason, details));
    this.name = 'TemplateError';
  }

  /** A copy with more details filled in (an outer layer knows the template and locale). */
  withDetails(extra: TemplateErrorDetails): TemplateError {
    return new TemplateError(this.code, this.reason, { ...extra, ...definedOnly(this.details) });
  }
}

function describe(reason: string, d: TemplateErrorDetails): string {
  const subject = d.template && d.locale ? `${d.template}/${d.locale}` : (d.template ?? d.file);
  const where = [subject, d.part].filter((p): p is string => Boolean(p)).join(' ');
  const line = d.line !== undefined ? ` (line ${d.line}${d.column !== undefined ? `, column ${d.column}` : ''})` : '';
  return where ? `[${where}] ${reason}${line}` : `${reason}${line}`;
}

function definedOnly(d: TemplateErrorDetails): TemplateErrorDetails {
  return Object.fromEntries(Object.entries(d).filter(([, v]) => v !== undefined)) as TemplateErrorDetails;
}

/** Shorthand: `templateError(TemplateErrorCode.MissingVariable, 'Missing variable "x"', { template })`. */
export function templateError(
  code: TemplateErrorCode,
  reason: string,
  details: TemplateErrorDetails = {},
): TemplateError {
  return new TemplateError(code, reason, details);
}

import { TemplateErrorCode, templateError } from '../template.error';

/** The trailing options object Handlebars passes to every helper. */
export interface HelperCallOptions {
  name?: string;
  hash: Record<string, unknown>;
}

export type TemplateHelper = (...args: unknown[]) => unknown;

/** Splits a helper call into its positional parameters and its options (hash). */
export function helperArgs(args: unknown[]): { params: unknown[]; hash: Record<string, unknown> } {
  const last = args[args.length - 1];
  if (last && typeof last === 'object' && 'hash' in last) {
    const hash = (last as HelperCallOptions).hash;
    return { params: args.slice(0, -1), hash: hash && typeof hash === 'object' ? hash : {} };
  }
  return { params: args, hash: {} };
}

export function invalidArgument(helper: string, message: string): Error {
  return templateError(TemplateErrorCode.InvalidArgument, `{{${helper}}}: ${message}`, { helper });
}

/** A number from a number or a numeric string; throws a clear error otherwise. */
export function toNumber(helper: string, value: unknown, what = 'value'): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) {
    throw invalidArgument(helper, `${what} must be a number, got ${describeValue(value)}`);
  }
  return n;
}

export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing (is the variable missing?)';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return Array.isArray(value) ? 'a list' : 'an object';
}

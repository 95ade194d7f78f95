import { TemplateErrorCode, templateError } from '../template.error';
import type { TemplateHelper } from './helper-args';
import { describeValue, helperArgs, invalidArgument } from './helper-args';

/** Finds a string for the rendering locale, walking its fallback chain. */
export type StringLookup = (key: string) => string | undefined;

/**
 * `{{t "footer.unsubscribe"}}`; `{{t "greeting" name=customer.first_name}}` fills `{name}`;
 * `{{t "alert.reasons" code fallback=code}}` joins the parts into `alert.reasons.<code>` and
 * uses `fallback` when no locale has that key.
 */
export function translate(lookup: StringLookup, keyParts: unknown[], values: Record<string, unknown>): string {
  const bad = keyParts.find((part) => (typeof part !== 'string' && typeof part !== 'number') || part === '');
  if (keyParts.length === 0 || bad !== undefined) {
    throw invalidArgument('t', `key must be text, got ${describeValue(keyParts.length === 0 ? undefined : bad)}`);
  }
  const key = keyParts.join('.');
  const text =
    lookup(key) ?? (Object.hasOwn(values, 'fallback') && values.fallback != null ? String(values.fallback) : undefined);
  if (text === undefined) {
    throw templateError(TemplateErrorCode.MissingString, `Missing string "${key}" in locales/*.yaml`, {
      key,
      helper: 't',
    });
  }
  return text.replace(/\{([a-z_][\w]*)\}/gi, (whole, name: string) => {
    if (!Object.hasOwn(values, name)) return whole;
    const value = values[name];
    return value === undefined || value === null ? '' : String(value);
  });
}

export function translateHelper(lookup: StringLookup): TemplateHelper {
  return (...args) => {
    const { params, hash } = helperArgs(args);
    return translate(lookup, params, hash);
  };
}

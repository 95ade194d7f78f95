import { DateTime } from 'luxon';
import { BoundedMemo } from '../bounded-memo';
import type { TemplateHelper } from './helper-args';
import { describeValue, helperArgs, invalidArgument, toNumber } from './helper-args';

/** Locale and time zone the customer reads in. */
export interface FormatScope {
  locale: string;
  timeZone: string;
}

const DATE_STYLES = {
  short: DateTime.DATE_SHORT,
  medium: DateTime.DATE_MED,
  long: DateTime.DATE_FULL,
  full: DateTime.DATE_HUGE,
  time: DateTime.TIME_SIMPLE,
  datetime: DateTime.DATETIME_MED,
  'datetime-long': DateTime.DATETIME_FULL,
} as const;

export type DateStyle = keyof typeof DATE_STYLES;

export const DATE_STYLE_NAMES = Object.keys(DATE_STYLES) as DateStyle[];

/** `2024-05-03T10:00:00Z`, epoch milliseconds or a Date, seen in `timeZone`. */
export function toDateTime(value: unknown, timeZone: string): DateTime | undefined {
  let dt: DateTime | undefined;
  if (value instanceof Date) dt = DateTime.fromJSDate(value);
  else if (typeof value === 'number') dt = DateTime.fromMillis(value);
  else if (typeof value === 'string') dt = DateTime.fromISO(value, { zone: timeZone });
  return dt?.isValid ? dt.setZone(timeZone) : undefined;
}

/** `{{formatDate order.placed_at}}`, `{{formatDate x "long"}}`; styles: short, medium, long, full, time, datetime, datetime-long. */
export function formatDate(value: unknown, style: string, scope: FormatScope): string {
  const dt = toDateTime(value, scope.timeZone);
  if (!dt) throw invalidArgument('formatDate', `expected an ISO 8601 date, got ${describeValue(value)}`);
  if (!Object.hasOwn(DATE_STYLES, style)) {
    throw invalidArgument('formatDate', `unknown style "${style}" (use ${DATE_STYLE_NAMES.join(', ')})`);
  }
  return dt.setLocale(scope.locale).toLocaleString(DATE_STYLES[style as DateStyle]);
}

/** `{{formatMoney order.total order.currency}}`: amount in major units (12.5 = twelve and a half). */
export function formatMoney(amount: unknown, currency: unknown, scope: FormatScope, display = 'symbol'): string {
  const value = toNumber('formatMoney', amount, 'amount');
  if (typeof currency !== 'string' || !/^[A-Za-z]{3}$/.test(currency)) {
    throw invalidArgument(
      'formatMoney',
      `currency must be an ISO 4217 code such as "EUR", got ${describeValue(currency)}`,
    );
  }
  if (!['symbol', 'narrowSymbol', 'code', 'name'].includes(display)) {
    throw invalidArgument('formatMoney', `display must be symbol, narrowSymbol, code or name`);
  }
  return numberFormat(scope.locale, {
    style: 'currency',
    currency: currency.toUpperCase(),
    currencyDisplay: display as Intl.NumberFormatOptions['currencyDisplay'],
  }).format(value);
}

/** `{{formatNumber n}}`, `{{formatNumber n decimals=1}}`, `{{formatNumber 0.42 style="percent"}}`. */
export function formatNumber(value: unknown, scope: FormatScope, decimals?: number, style = 'decimal'): string {
  const n = toNumber('formatNumber', value);
  if (style !== 'decimal' && style !== 'percent')
    throw invalidArgument('formatNumber', 'style must be decimal or percent');
  const digits = decimals === undefined ? undefined : Math.min(Math.max(Math.trunc(decimals), 0), 20);
  return numberFormat(scope.locale, {
    style,
    ...(digits === undefined ? {} : { minimumFractionDigits: digits, maximumFractionDigits: digits }),
  }).format(n);
}

/** Built formatters by locale and options: building one costs more than formatting with it. */
const numberFormats = new BoundedMemo<Intl.NumberFormat>(500);

function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${options.style}|${options.currency}|${options.currencyDisplay}|${options.minimumFractionDigits}`;
  return numberFormats.get(key, () => new Intl.NumberFormat(locale, options));
}

export function formatHelpers(scope: FormatScope): Record<string, TemplateHelper> {
  return {
    formatDate: (...args) => {
      const { params, hash } = helperArgs(args);
      return formatDate(params[0], typeof params[1] === 'string' ? params[1] : String(hash.style ?? 'medium'), {
        ...scope,
        timeZone: typeof hash.zone === 'string' ? hash.zone : scope.timeZone,
      });
    },
    formatMoney: (...args) => {
      const { params, hash } = helperArgs(args);
      return formatMoney(params[0], params[1], scope, typeof hash.display === 'string' ? hash.display : undefined);
    },
    formatNumber: (...args) => {
      const { params, hash } = helperArgs(args);
      const decimals = hash.decimals === undefined ? undefined : toNumber('formatNumber', hash.decimals, 'decimals');
      return formatNumber(params[0], scope, decimals, typeof hash.style === 'string' ? hash.style : undefined);
    },
  };
}

import { compareHelpers } from './compare.helpers';
import type { FormatScope } from './format.helpers';
import { formatHelpers } from './format.helpers';
import type { TemplateHelper } from './helper-args';
import type { StringLookup } from './translate.helper';
import { translateHelper } from './translate.helper';

/** Every helper a template may call. Compilation rejects any other (`knownHelpersOnly`). */
export const TEMPLATE_HELPER_NAMES = [
  'formatDate',
  'formatMoney',
  'formatNumber',
  'eq',
  'ne',
  'gt',
  'gte',
  'lt',
  'lte',
  'and',
  'or',
  'not',
  't',
] as const;

export interface HelperScope extends FormatScope {
  strings: StringLookup;
}

/** The helpers for one render, bound to the customer's locale, time zone and strings. */
export function createTemplateHelpers(scope: HelperScope): Record<string, TemplateHelper> {
  return {
    ...formatHelpers({ locale: scope.locale, timeZone: scope.timeZone }),
    ...compareHelpers,
    t: translateHelper(scope.strings),
  };
}

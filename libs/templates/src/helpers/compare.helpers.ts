import type { TemplateHelper } from './helper-args';
import { helperArgs } from './helper-args';

function numeric(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

function compare(test: (a: number, b: number) => boolean): TemplateHelper {
  return (...args) => {
    const { params } = helperArgs(args);
    const a = numeric(params[0]);
    const b = numeric(params[1]);
    return a !== undefined && b !== undefined && test(a, b);
  };
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const x = numeric(a);
  return x !== undefined && x === numeric(b) && (typeof a === 'number' || typeof b === 'number');
}

/**
 * Comparisons for `{{#if (gte survey.score 9)}}`. Values only: nothing is called or looked up, and
 * non-numbers compare as false for the ordering helpers.
 */
export const compareHelpers: Record<string, TemplateHelper> = {
  eq: (...args) => {
    const { params } = helperArgs(args);
    return same(params[0], params[1]);
  },
  ne: (...args) => {
    const { params } = helperArgs(args);
    return !same(params[0], params[1]);
  },
  gt: compare((a, b) => a > b),
  gte: compare((a, b) => a >= b),
  lt: compare((a, b) => a < b),
  lte: compare((a, b) => a <= b),
  and: (...args) => helperArgs(args).params.every(Boolean),
  or: (...args) => helperArgs(args).params.some(Boolean),
  not: (...args) => !helperArgs(args).params[0],
};

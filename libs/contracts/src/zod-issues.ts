import type { z } from 'zod';
import type { ContractIssue } from './contract-error';

type PathSegment = PropertyKey;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const MAX_ISSUES = 20;
/** Issue codes that, on an absent value, just mean "this field is required". */
const MISSABLE = new Set<string>(['invalid_type', 'invalid_union', 'invalid_value']);

/** `['data', 'items', 0, 'quantity']` → `data.items[0].quantity`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') {
      out += `[${segment}]`;
    } else {
      const key = String(segment);
      if (IDENTIFIER.test(key)) {
        out += out === '' ? key : `.${key}`;
      } else {
        out += `[${JSON.stringify(key)}]`;
      }
    }
  }
  return out;
}

/** Turns zod issues into plain-English contract issues. Values are never echoed (they may be PII). */
export function toContractIssues(
  error: z.ZodError,
  root: unknown,
  prefix: readonly PathSegment[] = [],
): ContractIssue[] {
  return error.issues.slice(0, MAX_ISSUES).map((issue) => {
    const fullPath = [...prefix, ...issue.path];
    const path = formatPath(fullPath);
    const missing = MISSABLE.has(issue.code) && valueAt(root, fullPath) === undefined;
    const phrase = missing ? 'is required' : describe(issue);
    return { path, message: path === '' ? capitalize(phrase) : `${path} ${phrase}` };
  });
}

/** Zod's own messages start like this; anything else was written by us, as a predicate. */
const ZOD_DEFAULT_MESSAGE = /^(Too small|Too big|Invalid|Expected|Unrecognized)/;

function describe(issue: z.core.$ZodIssue): string {
  if (!ZOD_DEFAULT_MESSAGE.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${article(issue.expected)}`;
    case 'too_small':
      return bound(issue.origin, 'small', issue.minimum, issue.inclusive ?? true);
    case 'too_big':
      return bound(issue.origin, 'big', issue.maximum, issue.inclusive ?? true);
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${JSON.stringify(issue.values[0])}`
        : `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union':
      if ('options' in issue && Array.isArray(issue.options) && issue.options.length > 0) {
        return `must be one of ${issue.options.map((v: unknown) => JSON.stringify(v)).join(', ')}`;
      }
      return 'does not match any of the allowed shapes';
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    case 'unrecognized_keys':
      return `has unknown fields: ${issue.keys.join(', ')}`;
    case 'invalid_key':
      return 'has an invalid key';
    case 'invalid_element':
      return 'has an invalid element';
    case 'invalid_format':
    case 'custom':
    default:
      // Our schemas give every format and refinement a message phrased as a predicate.
      return issue.message;
  }
}

function bound(origin: string, side: 'small' | 'big', limit: number | bigint, inclusive: boolean): string {
  const n = Number(limit);
  switch (origin) {
    case 'string':
      if (side === 'small') return n <= 1 ? 'must not be empty' : `must be at least ${n} characters long`;
      return `must be at most ${n} characters long`;
    case 'array':
    case 'set':
      if (side === 'small') return `must have at least ${n} item${n === 1 ? '' : 's'}`;
      return `must have at most ${n} item${n === 1 ? '' : 's'}`;
    default:
      if (side === 'small') return inclusive ? `must be at least ${n}` : `must be greater than ${n}`;
      return inclusive ? `must be at most ${n}` : `must be less than ${n}`;
  }
}

function article(expected: string): string {
  switch (expected) {
    case 'int':
      return 'an integer';
    case 'object':
    case 'record':
      return 'an object';
    case 'array':
      return 'an array';
    case 'boolean':
      return 'true or false';
    default:
      return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

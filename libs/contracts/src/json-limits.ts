import { ContractErrorCode, type ContractViolation, violation } from './contract-error';
import { formatPath } from './zod-issues';

/**
 * Limits of what the contract accepts, set by what JSON parsers and PostgreSQL (`jsonb`, `text`)
 * can hold exactly and by what can be walked without deep recursion. Every check here is
 * iterative: no input, however deep, can overflow the stack.
 */

/** Most levels of nested objects and arrays in one event, counting the event object itself. */
export const MAX_JSON_DEPTH = 32;

/** The largest integer magnitude every JSON parser (and a JavaScript number) holds exactly: 2^53 − 1. */
export const MAX_SAFE_JSON_INTEGER = Number.MAX_SAFE_INTEGER;

/** U+0000 (PostgreSQL text and jsonb cannot hold it) or a UTF-16 surrogate not part of a pair. */
// eslint-disable-next-line no-control-regex -- U+0000 is exactly what this looks for
const UNSTORABLE_CHARACTER = /[\u0000\p{Cs}]/u;

type PathSegment = string | number;

/** Whether PostgreSQL can store `text`: no U+0000 and no unpaired UTF-16 surrogate. */
export function isStorableString(text: string): boolean {
  return !UNSTORABLE_CHARACTER.test(text);
}

/** Whether `n` survives JSON and PostgreSQL unchanged: finite, and an exact integer if it is one. */
export function isSafeJsonNumber(n: number): boolean {
  return Number.isFinite(n) && Math.abs(n) <= MAX_SAFE_JSON_INTEGER;
}

/** `data` + `[0].x` → `data[0].x`; `data` + `x` → `data.x`. */
export function joinPath(prefix: string, segments: readonly PathSegment[]): string {
  const rest = formatPath(segments);
  if (prefix === '') return rest;
  if (rest === '') return prefix;
  return rest.startsWith('[') ? `${prefix}${rest}` : `${prefix}.${rest}`;
}

function tooDeep(maxDepth: number, path: string, what: string): ContractViolation {
  const where = path === '' ? '' : ` at ${path}`;
  return violation(
    ContractErrorCode.TooDeep,
    `${what} nests objects and arrays deeper than ${maxDepth} levels${where}`,
    path,
  );
}

interface Frame {
  array: boolean;
  /** Array: index of the current element. */
  index: number;
  /** Object: whether the next string is a key, and where the current key's text is. */
  expectKey: boolean;
  keyStart: number;
  keyEnd: number;
}

/**
 * Checks the nesting depth of JSON text before it is parsed, in one pass over the characters and
 * without recursion, so a 100,000-deep array costs a scan and never a parse. Lenient: it does not
 * check the syntax (the parser does, after). On failure the path points at the first container
 * that is one level too deep, e.g. `data.items[0][0]`; `prefix` is put before it.
 */
export function checkJsonTextDepth(
  text: string,
  maxDepth = MAX_JSON_DEPTH,
  prefix = '',
  what = 'The JSON',
): ContractViolation | undefined {
  // Cheap answer for the common case: not enough brackets in the whole text to go too deep.
  let brackets = 0;
  for (let i = 0; i < text.length && brackets <= maxDepth; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) brackets++;
  }
  if (brackets <= maxDepth) return undefined;

  const frames: Frame[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const start = i;
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === 0x5c /* \ */) i++;
        else if (s === 0x22) break;
      }
      const top = frames[frames.length - 1];
      if (top !== undefined && !top.array && top.expectKey) {
        top.expectKey = false;
        top.keyStart = start;
        top.keyEnd = i + 1;
      }
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (frames.length === maxDepth) return tooDeep(maxDepth, joinPath(prefix, pathOf(text, frames)), what);
      frames.push({ array: c === 0x5b, index: 0, expectKey: c === 0x7b, keyStart: -1, keyEnd: -1 });
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      frames.pop();
    } else if (c === 0x2c /* , */) {
      const top = frames[frames.length - 1];
      if (top === undefined) continue;
      if (top.array) top.index++;
      else top.expectKey = true;
    }
  }
  return undefined;
}

function pathOf(text: string, frames: readonly Frame[]): PathSegment[] {
  return frames.map((frame) => {
    if (frame.array) return frame.index;
    if (frame.keyStart < 0) return '?';
    try {
      return String(JSON.parse(text.slice(frame.keyStart, frame.keyEnd)));
    } catch {
      return '?';
    }
  });
}

interface Item {
  value: unknown;
  depth: number;
  parent: Item | undefined;
  segment: PathSegment | undefined;
}

function itemPath(item: Item, extra?: PathSegment): PathSegment[] {
  const segments: PathSegment[] = extra === undefined ? [] : [extra];
  for (let at: Item | undefined = item; at !== undefined && at.segment !== undefined; at = at.parent) {
    segments.push(at.segment);
  }
  return segments.reverse();
}

/**
 * Walks a parsed JSON value with an explicit stack and returns the first thing PostgreSQL or a
 * JSON parser cannot hold exactly: a string or an object key with U+0000 or an unpaired
 * surrogate (`INVALID_TEXT`), a number that is not finite or an integer beyond ±(2^53 − 1)
 * (`UNSAFE_NUMBER`), or nesting deeper than `maxDepth` (`TOO_DEEP`, the root counts as level 1).
 * Values that are not JSON (functions, `undefined`...) are left to the schema.
 */
export function findUnstorable(
  root: unknown,
  options: { maxDepth?: number; prefix?: string; what?: string } = {},
): ContractViolation | undefined {
  const maxDepth = options.maxDepth ?? MAX_JSON_DEPTH;
  const prefix = options.prefix ?? '';
  const what = options.what ?? 'The event';
  const stack: Item[] = [{ value: root, depth: 0, parent: undefined, segment: undefined }];
  while (stack.length > 0) {
    const item = stack.pop() as Item;
    const { value } = item;
    if (typeof value === 'string') {
      if (!isStorableString(value)) return invalidText(joinPath(prefix, itemPath(item)), 'holds');
    } else if (typeof value === 'number') {
      if (!isSafeJsonNumber(value)) {
        const path = joinPath(prefix, itemPath(item));
        const why = Number.isFinite(value)
          ? `is beyond ±${MAX_SAFE_JSON_INTEGER} (2^53 − 1), the largest integer JSON parsers hold exactly: send it as a string`
          : 'is not a finite number';
        return violation(ContractErrorCode.UnsafeNumber, `${path === '' ? 'The value' : path} ${why}`, path);
      }
    } else if (typeof value === 'object' && value !== null) {
      const depth = item.depth + 1;
      if (depth > maxDepth) return tooDeep(maxDepth, joinPath(prefix, itemPath(item)), what);
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], depth, parent: item, segment: i });
      } else {
        const keys = Object.keys(value);
        for (let i = keys.length - 1; i >= 0; i--) {
          const key = keys[i] as string;
          if (!isStorableString(key)) return invalidText(joinPath(prefix, itemPath(item)), 'has a key that holds');
          stack.push({ value: (value as Record<string, unknown>)[key], depth, parent: item, segment: key });
        }
      }
    }
  }
  return undefined;
}

function invalidText(path: string, verb: string): ContractViolation {
  return violation(
    ContractErrorCode.InvalidText,
    `${path === '' ? 'The value' : path} ${verb} a NUL character (U+0000) or an unpaired UTF-16 surrogate, which cannot be stored`,
    path,
  );
}

import { ContractErrorCode, type ContractFailure, failure } from './contract-error';
import { MAX_JSON_DEPTH, checkJsonTextDepth } from './json-limits';

/** Default upper bound of one event (body plus Kafka headers): 256 KiB. */
export const MAX_EVENT_BYTES = 256 * 1024;

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

/** UTF-8 size of a string or a byte array, without encoding when the answer is obvious. */
export function byteLength(value: string | Uint8Array): number {
  if (typeof value !== 'string') return value.byteLength;
  return utf8Encoder.encode(value).byteLength;
}

/** Whether `value` fits in `maxBytes`, cheaply: UTF-8 takes between 1 and 3 bytes per UTF-16 unit. */
export function fitsIn(value: string | Uint8Array, maxBytes: number): boolean {
  if (typeof value !== 'string') return value.byteLength <= maxBytes;
  if (value.length > maxBytes) return false;
  if (value.length * 3 <= maxBytes) return true;
  return byteLength(value) <= maxBytes;
}

export function decodeUtf8(value: string | Uint8Array): string | undefined {
  if (typeof value === 'string') return value;
  try {
    return utf8Decoder.decode(value);
  } catch {
    return undefined;
  }
}

export type JsonParseResult = { ok: true; value: unknown } | ContractFailure;

export interface JsonParseOptions {
  /** Most levels of nested objects and arrays, the outermost counting as 1. Default `MAX_JSON_DEPTH`. */
  maxDepth?: number;
}

/**
 * Parses JSON text; the failure names the position but never echoes the content. The nesting
 * depth is checked on the text first, without recursion (`TOO_DEEP`, with the path of the first
 * container too deep), so a hostile 100,000-deep array is refused by a scan, never parsed.
 * `path` is where the text sits in the event (`data` for binary-mode data), put before paths.
 */
export function parseJson(
  text: string | Uint8Array,
  what: string,
  path = '',
  options: JsonParseOptions = {},
): JsonParseResult {
  const decoded = decodeUtf8(text);
  if (decoded === undefined) {
    return failure(ContractErrorCode.NotJson, `${what} is not valid UTF-8 text`, path);
  }
  if (decoded.trim() === '') {
    return failure(ContractErrorCode.NotJson, `${what} is empty; expected JSON`, path);
  }
  const deep = checkJsonTextDepth(decoded, options.maxDepth ?? MAX_JSON_DEPTH, path, what);
  if (deep !== undefined) return { ok: false, error: deep };
  try {
    return { ok: true, value: JSON.parse(decoded) };
  } catch (e) {
    const position = e instanceof Error ? /position (\d+)/.exec(e.message)?.[1] : undefined;
    const where = position === undefined ? '' : ` (error at character ${position})`;
    return failure(ContractErrorCode.NotJson, `${what} is not valid JSON${where}`, path);
  }
}

export function tooLarge(size: number | undefined, maxBytes: number, what: string): ContractFailure {
  const actual = size === undefined ? 'larger than' : `${size} bytes, over`;
  return failure(ContractErrorCode.TooLarge, `${what} is ${actual} the limit of ${maxBytes} bytes`);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

import { ContractErrorCode, type ContractFailure, type ContractViolation, failure } from './contract-error';
import { type EventEnvelope, isJsonContentType } from './event-envelope.schema';
import { checkEventValue } from './event-validator';
import { MAX_JSON_DEPTH } from './json-limits';
import { MAX_EVENT_BYTES, byteLength, decodeUtf8, isPlainObject, parseJson, tooLarge } from './json-payload';

/** A Kafka header value as kafkajs delivers it. */
export type MessageHeaderValue = Uint8Array | string | (Uint8Array | string)[] | undefined;

/** The parts of a Kafka message the contract looks at (a kafkajs `KafkaMessage` fits). */
export interface EventMessage {
  value: Uint8Array | string | null;
  headers?: Record<string, MessageHeaderValue>;
  key?: Uint8Array | string | null;
}

export interface EventMessageLimits {
  /** Upper bound of value plus headers, in bytes. */
  maxBytes: number;
}

/** How the event was carried, per the CloudEvents Kafka protocol binding. */
export type EventMode = 'structured' | 'binary';

export type EventMessageResult =
  | { ok: true; event: EventEnvelope; mode: EventMode }
  | (ContractFailure & { mode?: EventMode });

/** Kafka header names of the CloudEvents Kafka protocol binding. */
export const CE_HEADER_PREFIX = 'ce_';
export const CONTENT_TYPE_HEADER = 'content-type';
export const CLOUDEVENTS_JSON_CONTENT_TYPE = 'application/cloudevents+json';
/** Kafka headers of a CloudEvent in structured mode (the value is the whole event). */
export const CLOUDEVENT_HEADERS: Readonly<Record<string, string>> = { [CONTENT_TYPE_HEADER]: CLOUDEVENTS_JSON_CONTENT_TYPE };

/**
 * Reads a CloudEvent from a Kafka message, per the CloudEvents Kafka protocol binding:
 * - `content-type: application/cloudevents+json` → structured mode (the value is the event);
 *   other `application/cloudevents*` formats (batch, Avro...) → UNSUPPORTED_CONTENT_TYPE;
 * - else a `ce_specversion` header → binary mode: attributes in `ce_*` headers, `content-type`
 *   is `datacontenttype`, the value is `data`;
 * - else, leniently, a JSON object value with `specversion` → structured mode.
 * Header names are matched case-insensitively; for a repeated header the first value counts.
 * The size limit covers the value and the headers.
 */
export function parseEventMessage(
  message: EventMessage,
  limits: EventMessageLimits = { maxBytes: MAX_EVENT_BYTES },
): EventMessageResult {
  const size = messageSize(message);
  if (size > limits.maxBytes) return tooLarge(size, limits.maxBytes, 'The message');

  const read = readHeaders(message.headers);
  if (!read.ok) return read;
  const headers = read.headers;
  const contentType = normalizeContentType(headers.get(CONTENT_TYPE_HEADER));
  const mediaType = contentType?.split(';')[0];

  if (mediaType !== undefined && mediaType.startsWith('application/cloudevents')) {
    if (mediaType !== CLOUDEVENTS_JSON_CONTENT_TYPE) {
      return {
        ...failure(
          ContractErrorCode.UnsupportedContentType,
          `Only the JSON event format (${CLOUDEVENTS_JSON_CONTENT_TYPE}) is supported, not ${mediaType}`,
        ),
        mode: 'structured',
      };
    }
    return structured(message.value);
  }
  if (headers.has(`${CE_HEADER_PREFIX}specversion`)) {
    return binary(message.value, headers, contentType);
  }
  if (contentType !== undefined && !isJsonContentType(contentType)) {
    return failure(
      ContractErrorCode.UnsupportedContentType,
      `The content type ${mediaType ?? ''} is not supported: send ${CLOUDEVENTS_JSON_CONTENT_TYPE}, or JSON data with ce_* headers`,
    );
  }
  if (message.value === null) {
    return failure(
      ContractErrorCode.NotCloudEvent,
      'The message has no value and no ce_specversion header: it is not a CloudEvent',
    );
  }
  const parsed = parseJson(message.value, 'The message value');
  if (!parsed.ok) return parsed;
  if (!isPlainObject(parsed.value) || parsed.value.specversion === undefined) {
    return failure(
      ContractErrorCode.NotCloudEvent,
      `The message is not a CloudEvent: no ${CLOUDEVENTS_JSON_CONTENT_TYPE} content type, no ce_specversion header and no specversion in the JSON value`,
    );
  }
  return withMode(checkEventValue(parsed.value), 'structured');
}

function structured(value: Uint8Array | string | null): EventMessageResult {
  if (value === null) {
    return { ...failure(ContractErrorCode.NotJson, 'The message value is empty; expected a JSON event'), mode: 'structured' };
  }
  const parsed = parseJson(value, 'The message value');
  if (!parsed.ok) return { ...parsed, mode: 'structured' };
  // Parsed JSON: a JSON string is not an event (NOT_CLOUDEVENT), never JSON text to parse again.
  return withMode(checkEventValue(parsed.value), 'structured');
}

function binary(
  value: Uint8Array | string | null,
  headers: Map<string, string>,
  contentType: string | undefined,
): EventMessageResult {
  const event: Record<string, unknown> = {};
  for (const [name, headerValue] of headers) {
    if (name.startsWith(CE_HEADER_PREFIX) && name.length > CE_HEADER_PREFIX.length) {
      event[name.slice(CE_HEADER_PREFIX.length)] = headerValue;
    }
  }
  if (contentType !== undefined) event.datacontenttype = contentType;
  if (contentType !== undefined && !isJsonContentType(contentType)) {
    return {
      ...failure(
        ContractErrorCode.UnsupportedContentType,
        'The content-type header must be a JSON media type such as application/json',
        'datacontenttype',
      ),
      mode: 'binary',
    };
  }
  if (value !== null) {
    // The data sits one level below the event object, which counts in the depth limit.
    const parsed = parseJson(value, 'The message value (event data)', 'data', { maxDepth: MAX_JSON_DEPTH - 1 });
    if (!parsed.ok) return { ...parsed, mode: 'binary' };
    event.data = parsed.value;
  }
  const result = checkEventValue(event);
  if (result.ok) return { ...result, mode: 'binary' };
  return { ok: false, error: nameHeaders(result.error), mode: 'binary' };
}

/** In binary mode the attributes are headers: say which header, so the producer can find it. */
function nameHeaders(error: ContractViolation): ContractViolation {
  const annotate = (path: string, message: string): string => {
    const header =
      path === 'datacontenttype'
        ? CONTENT_TYPE_HEADER
        : path !== 'data' && /^[a-z0-9]+$/.test(path)
          ? `${CE_HEADER_PREFIX}${path}`
          : undefined;
    return header === undefined ? message : `${message} (Kafka header ${header})`;
  };
  return {
    ...error,
    message: annotate(error.path, error.message),
    issues: error.issues.map((issue) => ({ ...issue, message: annotate(issue.path, issue.message) })),
  };
}

/** `Application/JSON ; charset=utf-8` → `application/json; charset=utf-8` (media types are case-insensitive). */
function normalizeContentType(value: string | undefined): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const [media = '', ...params] = value.split(';');
  return [media.trim().toLowerCase(), ...params.map((p) => p.trim())].join('; ');
}

function withMode(result: ReturnType<typeof checkEventValue>, mode: EventMode): EventMessageResult {
  return { ...result, mode };
}

type HeaderRead = { ok: true; headers: Map<string, string> } | ContractFailure;

/** Decodes the headers the binding defines (`ce_*`, `content-type`); other headers are ignored. */
function readHeaders(raw: EventMessage['headers']): HeaderRead {
  const headers = new Map<string, string>();
  for (const [name, value] of Object.entries(raw ?? {})) {
    const key = name.toLowerCase();
    if (!key.startsWith(CE_HEADER_PREFIX) && key !== CONTENT_TYPE_HEADER) continue;
    const first = Array.isArray(value) ? value[0] : value;
    if (first === undefined || headers.has(key)) continue;
    const text = decodeUtf8(first);
    if (text === undefined) {
      return failure(ContractErrorCode.NotCloudEvent, `The Kafka header ${key} is not valid UTF-8 text`, key);
    }
    headers.set(key, text);
  }
  return { ok: true, headers };
}

function messageSize(message: EventMessage): number {
  let size = message.value === null ? 0 : byteLength(message.value);
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
    for (const v of values) size += byteLength(name) + byteLength(v);
  }
  return size;
}

import { z } from 'zod';
import { ContractErrorCode, type ContractFailure, failure } from './contract-error';
import {
  CLOUDEVENTS_REQUIRED_ATTRIBUTES,
  CLOUDEVENTS_SPEC_VERSION,
  type EventEnvelope,
  buildEnvelopeSchema,
  eventEnvelopeSchema,
  isJsonContentType,
} from './event-envelope.schema';
import { type ReservedEventType, eventDataSchemas, isReservedEventType } from './event-types';
import { findUnstorable } from './json-limits';
import { MAX_EVENT_BYTES, fitsIn, isPlainObject, parseJson, tooLarge } from './json-payload';
import { toContractIssues } from './zod-issues';

export type EventValidationResult = { ok: true; event: EventEnvelope } | ContractFailure;

export interface EventValidationOptions {
  /** Upper bound for text or byte input; parsed objects are not measured. Default `MAX_EVENT_BYTES`. */
  maxBytes?: number;
}

/** The full envelope schema of each reserved type, built once. */
const reservedEnvelopeSchemas = new Map<string, z.ZodType>(
  (Object.keys(eventDataSchemas) as ReservedEventType[]).map((type) => [
    type,
    buildEnvelopeSchema(z.literal(type), eventDataSchemas[type]),
  ]),
);

/**
 * Checks a CloudEvent in the JSON event format (structured mode): text or bytes, parsed first,
 * or an already parsed value (a string here is JSON text: for a value parsed from JSON, which
 * may be a JSON string, use `checkEventValue`). Reserved types are checked against their data schema; unknown but
 * well-formed types are accepted with any object as data. Top-level attributes set to `null`
 * count as absent. Everything PostgreSQL could not store is refused (see `json-limits.ts`):
 * nesting deeper than 32 levels, NUL or unpaired surrogates in strings and keys, numbers that
 * are not finite or not exact integers. On success `event` is the parsed event
 * (`datacontenttype` defaulted).
 */
export function validateEvent(input: unknown, options: EventValidationOptions = {}): EventValidationResult {
  const maxBytes = options.maxBytes ?? MAX_EVENT_BYTES;
  let value = input;
  if (typeof input === 'string' || input instanceof Uint8Array) {
    if (!fitsIn(input, maxBytes)) return tooLarge(undefined, maxBytes, 'The event');
    const parsed = parseJson(input, 'The event');
    if (!parsed.ok) return parsed;
    value = parsed.value;
  }
  return checkEventValue(value);
}

/** `validateEvent` for a value already parsed from JSON: a string is a JSON string, not JSON text. */
export function checkEventValue(value: unknown): EventValidationResult {
  if (!isPlainObject(value)) {
    return failure(
      ContractErrorCode.NotCloudEvent,
      'The event must be a JSON object with CloudEvents attributes (specversion, id, source, type)',
    );
  }
  const event = withoutNullAttributes(value);

  for (const attribute of CLOUDEVENTS_REQUIRED_ATTRIBUTES) {
    if (event[attribute] === undefined) {
      return failure(
        ContractErrorCode.NotCloudEvent,
        `${attribute} is required: this is not a CloudEvents 1.0 event`,
        attribute,
      );
    }
  }
  if (event.specversion !== CLOUDEVENTS_SPEC_VERSION) {
    return failure(
      ContractErrorCode.NotCloudEvent,
      `specversion must be "${CLOUDEVENTS_SPEC_VERSION}": only CloudEvents 1.0 is supported`,
      'specversion',
    );
  }
  if (event.data_base64 !== undefined) {
    return failure(
      ContractErrorCode.UnsupportedContentType,
      'data_base64 is not supported: send data as a JSON object in data',
      'data_base64',
    );
  }
  if (typeof event.datacontenttype === 'string' && !isJsonContentType(event.datacontenttype)) {
    return failure(
      ContractErrorCode.UnsupportedContentType,
      'datacontenttype must be a JSON media type such as application/json',
      'datacontenttype',
    );
  }
  if (event.subject === undefined || (typeof event.subject === 'string' && event.subject.trim() === '')) {
    return failure(
      ContractErrorCode.MissingSubject,
      'subject is required: set it to the customer id',
      'subject',
    );
  }

  const unstorable = findUnstorable(event);
  if (unstorable !== undefined) return { ok: false, error: unstorable };

  const schema =
    typeof event.type === 'string' && isReservedEventType(event.type)
      ? (reservedEnvelopeSchemas.get(event.type) ?? eventEnvelopeSchema)
      : eventEnvelopeSchema;
  const result = schema.safeParse(event);
  if (!result.success) {
    const issues = toContractIssues(result.error, event);
    const first = issues[0] ?? { path: '', message: 'The event does not match its schema' };
    return failure(ContractErrorCode.SchemaViolation, first.message, first.path, issues);
  }
  return { ok: true, event: result.data as EventEnvelope };
}

function withoutNullAttributes(value: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const [key, attribute] of Object.entries(value)) {
    if (attribute === null && key !== 'data') {
      out ??= { ...value };
      delete out[key];
    }
  }
  return out ?? value;
}

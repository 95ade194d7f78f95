import { z } from 'zod';
import { MAX_ID_LENGTH, idString, jsonObject, timestamp } from './primitives.schema';

/** The only CloudEvents version we speak. */
export const CLOUDEVENTS_SPEC_VERSION = '1.0';

/** Attributes CloudEvents 1.0 itself requires. */
export const CLOUDEVENTS_REQUIRED_ATTRIBUTES = ['specversion', 'id', 'source', 'type'] as const;

/** Attributes defined by CloudEvents 1.0 (everything else at the top level is an extension). */
export const CLOUDEVENTS_CONTEXT_ATTRIBUTES = [
  'specversion',
  'id',
  'source',
  'type',
  'subject',
  'time',
  'datacontenttype',
  'dataschema',
] as const;

export const DEFAULT_DATA_CONTENT_TYPE = 'application/json';

/** Default `source` of the events Postventa itself publishes (activity, timers, feedback). */
export const POSTVENTA_SOURCE = 'postventa';

/**
 * Event types are dotted lowercase names, at least two segments: `order.placed`,
 * `product.first_used`, `com.acme.subscription.renewed`.
 */
export const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9_-]*(?:\.[a-z][a-z0-9_-]*)+$/;

/** RFC 3986 URI-reference characters; no spaces. `/shop/eu`, `https://shop.example.com`, `urn:x:y`. */
const URI_REFERENCE = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+$/;
/** An absolute URI: a scheme, then anything without spaces. */
const ABSOLUTE_URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/;

/** CloudEvents extension attribute names: lowercase ASCII letters and digits. */
export const EXTENSION_NAME_PATTERN = /^[a-z0-9]+$/;

/**
 * `application/json`, `text/json`, any `+json` type, with optional parameters. Lowercase, as
 * everyone sends it (the Kafka parser lowercases the `content-type` header before checking).
 */
const JSON_MEDIA_TYPE = /^(?:application|text)\/(?:[a-z0-9.!#$&^_-]+\+)?json\s*(?:;.*)?$/;

export function isJsonContentType(contentType: string): boolean {
  return JSON_MEDIA_TYPE.test(contentType);
}

export const specVersionSchema = z.literal(CLOUDEVENTS_SPEC_VERSION);

export const eventTypeSchema = z
  .string()
  .max(MAX_ID_LENGTH)
  .regex(EVENT_TYPE_PATTERN, 'must be a dotted lowercase event type like order.placed');

export const eventSourceSchema = z
  .string()
  .min(1)
  .max(4096)
  .regex(URI_REFERENCE, 'must be a URI reference without spaces, like https://shop.example.com or /shop/eu')
  .meta({ format: 'uri-reference' });

export const dataContentTypeSchema = z
  .string()
  .max(256)
  .regex(JSON_MEDIA_TYPE, 'must be a JSON media type such as application/json')
  .default(DEFAULT_DATA_CONTENT_TYPE);

export const dataSchemaUriSchema = z
  .string()
  .max(4096)
  .regex(ABSOLUTE_URI, 'must be an absolute URI')
  .meta({ format: 'uri' });

/** Extension attribute values as the JSON event format carries them. */
export const extensionValueSchema = z.union([z.string(), z.number().int(), z.boolean()], {
  error: 'must be a string, an integer or a boolean (a CloudEvents extension attribute)',
});
export type ExtensionValue = z.infer<typeof extensionValueSchema>;

const contextAttributes = new Set<string>([...CLOUDEVENTS_CONTEXT_ATTRIBUTES, 'data']);

/** The envelope around `data`: the type and data schemas vary, the rest does not. */
export function buildEnvelopeSchema<T extends z.ZodType<string>, D extends z.ZodType<object>>(
  type: T,
  data: D,
) {
  return z
    .object({
      specversion: specVersionSchema,
      id: idString(),
      source: eventSourceSchema,
      type,
      /** When it happened. Required by Postventa (optional in CloudEvents). */
      time: timestamp(),
      /** The customer id. Required by Postventa (optional in CloudEvents); the Kafka key too. */
      subject: idString(),
      datacontenttype: dataContentTypeSchema,
      dataschema: dataSchemaUriSchema.optional(),
      data,
    })
    .catchall(extensionValueSchema)
    .superRefine((event, ctx) => {
      for (const name of Object.keys(event)) {
        if (!contextAttributes.has(name) && !EXTENSION_NAME_PATTERN.test(name)) {
          ctx.addIssue({
            code: 'custom',
            path: [name],
            message: 'is not a valid CloudEvents attribute name (lowercase letters and digits only)',
          });
        }
      }
    })
    .meta({ propertyNames: { pattern: '^[a-z0-9]+$' } });
}

/** Any well-formed event: reserved types are further checked against their data schema. */
export const eventEnvelopeSchema = buildEnvelopeSchema(eventTypeSchema, jsonObject());

/**
 * A CloudEvents 1.0 event as Postventa uses it (JSON event format). Extension attributes stay on
 * the object at the top level; read them with `eventExtensions()`.
 */
export interface EventEnvelope<T extends string = string, D extends object = Record<string, unknown>> {
  specversion: typeof CLOUDEVENTS_SPEC_VERSION;
  id: string;
  source: string;
  type: T;
  time: string;
  subject: string;
  datacontenttype?: string;
  dataschema?: string;
  data: D;
}

/** The extension attributes of an event (everything that is not a CloudEvents context attribute). */
export function eventExtensions(event: EventEnvelope<string, object>): Record<string, ExtensionValue> {
  const out: Record<string, ExtensionValue> = {};
  for (const [name, value] of Object.entries(event)) {
    if (contextAttributes.has(name)) continue;
    if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') out[name] = value;
  }
  return out;
}

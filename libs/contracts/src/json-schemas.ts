import { z } from 'zod';
import { commandSchema } from './commands.schema';
import { buildEnvelopeSchema, eventEnvelopeSchema } from './event-envelope.schema';
import { EVENT_DESCRIPTIONS, RESERVED_EVENT_TYPES, eventDataSchemas } from './event-types';

export const JSON_SCHEMA_BASE_URI = 'https://postventa.dev/schemas/';

export type JsonSchemaDocument = Record<string, unknown>;

function toJsonSchema(schema: z.ZodType): JsonSchemaDocument {
  // `input`: what producers send (defaults such as datacontenttype are optional).
  return z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as JsonSchemaDocument;
}

function document(file: string, title: string, description: string, schema: z.ZodType): JsonSchemaDocument {
  const { $schema, ...rest } = toJsonSchema(schema);
  return { $schema, $id: `${JSON_SCHEMA_BASE_URI}${file}`, title, description, ...rest };
}

/**
 * JSON Schema (draft 2020-12) of the wire contract, for producers not written in TypeScript,
 * keyed by file path under `contracts/schemas/`: `envelope.json`, `command.json` and
 * `events/<type>.json` for every reserved event type (the full envelope with its data).
 * Pure and deterministic; rules written as refinements (real calendar dates, known time zones)
 * are checked by the TypeScript validator only.
 */
export function buildJsonSchemas(): Record<string, JsonSchemaDocument> {
  const out: Record<string, JsonSchemaDocument> = {
    'envelope.json': document(
      'envelope.json',
      'Postventa event',
      'A CloudEvents 1.0 event in the JSON event format as Postventa accepts it: subject (the customer id) and time are required, data is a JSON object. Reserved types have their own schema under events/. Limits a schema cannot express, checked by Postventa: at most 32 levels of nested objects and arrays (the event counts as one); no string or key holding U+0000 or an unpaired UTF-16 surrogate; numbers finite, integers within ±(2^53 − 1); timestamps from 1970-01-01T00:00:00Z until (not including) 2100-01-01T00:00:00Z.',
      eventEnvelopeSchema,
    ),
    'command.json': document(
      'command.json',
      'Postventa command',
      'A command from the engine to the dispatcher (email.send, survey.send, alert.raise), on the commands topic keyed by customer_id.',
      commandSchema,
    ),
  };
  for (const type of [...RESERVED_EVENT_TYPES].sort()) {
    const file = `events/${type}.json`;
    out[file] = document(
      file,
      type,
      EVENT_DESCRIPTIONS[type],
      buildEnvelopeSchema(z.literal(type), eventDataSchemas[type]),
    );
  }
  return out;
}

/** The file text: 2-space JSON with a trailing newline. */
export function renderJsonSchema(schema: JsonSchemaDocument): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

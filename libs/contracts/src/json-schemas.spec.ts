import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESERVED_EVENT_TYPES } from './event-types';
import { SCHEMAS_DIR, listJsonFiles } from './generate-schemas.cli';
import { JSON_SCHEMA_BASE_URI, buildJsonSchemas, renderJsonSchema } from './json-schemas';

const REGENERATE = 'contracts/schemas is out of date: run `npm run contracts:generate` (node -r @swc-node/register libs/contracts/src/generate-schemas.cli.ts) and commit the result.';

describe('JSON Schema files', () => {
  const schemas = buildJsonSchemas();

  it('has one file per reserved event type plus envelope and command', () => {
    expect(Object.keys(schemas).sort()).toEqual(
      ['command.json', 'envelope.json', ...RESERVED_EVENT_TYPES.map((type) => `events/${type}.json`)].sort(),
    );
  });

  it('gives every schema its $id and a draft 2020-12 $schema', () => {
    for (const [file, schema] of Object.entries(schemas)) {
      expect(schema).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', $id: `${JSON_SCHEMA_BASE_URI}${file}` });
    }
    expect(schemas['events/order.placed.json']?.$id).toBe('https://postventa.dev/schemas/events/order.placed.json');
  });

  it('is deterministic', () => {
    expect(JSON.stringify(buildJsonSchemas())).toBe(JSON.stringify(schemas));
  });

  it('describes the envelope with the type fixed and the data schema inline', () => {
    const schema = schemas['events/order.placed.json'] as {
      properties: Record<string, { const?: string; required?: string[] }>;
      required: string[];
    };
    expect(schema.properties.type?.const).toBe('order.placed');
    expect(schema.properties.data?.required).toEqual(['order_id']);
    expect(schema.required).toEqual(expect.arrayContaining(['specversion', 'id', 'source', 'type', 'time', 'subject', 'data']));
  });

  it('matches the committed files in contracts/schemas', () => {
    const expected = Object.fromEntries(Object.entries(schemas).map(([file, schema]) => [file, renderJsonSchema(schema)]));
    const actual = Object.fromEntries(
      listJsonFiles(SCHEMAS_DIR).map((file) => [file, readFileSync(join(SCHEMAS_DIR, file), 'utf8')]),
    );
    const drift = [
      ...Object.keys(expected).filter((file) => actual[file] !== expected[file]),
      ...Object.keys(actual).filter((file) => !(file in expected)),
    ];
    if (drift.length > 0) throw new Error(`${REGENERATE}\nDiffering files: ${drift.join(', ')}`);
  });
});

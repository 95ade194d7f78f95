import { readFileSync } from 'node:fs';
import { FLOW_SCHEMA_PATH, flowJsonSchemaText } from './generate-flow-schema.cli';

describe('docs/flow.schema.json', () => {
  it('matches the flow schema (regenerate: node -r @swc-node/register libs/journeys/src/generate-flow-schema.cli.ts)', () => {
    expect(readFileSync(FLOW_SCHEMA_PATH, 'utf8')).toBe(flowJsonSchemaText());
  });
});

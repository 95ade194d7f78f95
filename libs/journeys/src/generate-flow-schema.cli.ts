import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { flowJsonSchema } from './flow.schema';

/** The committed JSON Schema of the flow YAML, as text (what docs/flow.schema.json must hold). */
export function flowJsonSchemaText(): string {
  return `${JSON.stringify(flowJsonSchema(), null, 2)}\n`;
}

export const FLOW_SCHEMA_PATH = resolve(__dirname, '../../../docs/flow.schema.json');

/** Usage: node -r @swc-node/register libs/journeys/src/generate-flow-schema.cli.ts */
if (require.main === module) {
  writeFileSync(FLOW_SCHEMA_PATH, flowJsonSchemaText());
  process.stdout.write(`wrote ${FLOW_SCHEMA_PATH}\n`);
}

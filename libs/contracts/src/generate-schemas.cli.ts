/**
 * Writes the JSON Schema files of the contract into contracts/schemas/ (and removes stale ones).
 *   node -r @swc-node/register libs/contracts/src/generate-schemas.cli.ts [--check]
 * With --check nothing is written; the exit code is 1 when the files differ from the source.
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { buildJsonSchemas, renderJsonSchema } from './json-schemas';

export const SCHEMAS_DIR = join(__dirname, '..', '..', '..', 'contracts', 'schemas');

/** Every .json file under `dir`, as `/`-separated paths relative to it. */
export function listJsonFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string): void => {
    let entries;
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.json')) out.push(relative(dir, full).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

function main(argv: string[]): number {
  const check = argv.includes('--check');
  const expected = new Map(
    Object.entries(buildJsonSchemas()).map(([file, schema]) => [file, renderJsonSchema(schema)]),
  );
  const existing = listJsonFiles(SCHEMAS_DIR);
  const stale = existing.filter((file) => !expected.has(file));
  const changed = [...expected].filter(([file, text]) => {
    try {
      return readFileSync(join(SCHEMAS_DIR, file), 'utf8') !== text;
    } catch {
      return true;
    }
  });

  if (check) {
    for (const [file] of changed) console.error(`out of date: contracts/schemas/${file}`);
    for (const file of stale) console.error(`stale: contracts/schemas/${file}`);
    if (changed.length + stale.length > 0) {
      console.error('Run `npm run contracts:generate` and commit the result.');
      return 1;
    }
    console.log(`contracts/schemas is up to date (${expected.size} files).`);
    return 0;
  }

  for (const [file, text] of changed) {
    const target = join(SCHEMAS_DIR, file);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  for (const file of stale) rmSync(join(SCHEMAS_DIR, file));
  console.log(
    `contracts/schemas: ${expected.size} files, ${changed.length} written, ${stale.length} removed.`,
  );
  return 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}

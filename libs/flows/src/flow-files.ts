import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { flowContentHash, validateFlowSource, type FlowDefinition, type FlowIssue } from '@postventa/journeys';

/** Folders of the templates directory that hold shared parts, not templates. */
const NOT_TEMPLATES = new Set(['layouts', 'partials', 'locales']);

/** A flow file that passed validation, ready to publish. */
export interface FlowFile {
  file: string;
  source: string;
  definition: FlowDefinition;
  /** Content hash of the source: the flow version. */
  version: string;
}

export interface FlowDirectory {
  flows: FlowFile[];
  issues: FlowIssue[];
  /** Template ids the flows were checked against; undefined when no templates folder was found. */
  templates?: ReadonlySet<string>;
}

/** Template ids: the names of the folders of `templatesDir` (without layouts, partials, locales). */
export function templateIdsIn(templatesDir: string): Set<string> | undefined {
  if (!existsSync(templatesDir) || !statSync(templatesDir).isDirectory()) return undefined;
  const ids = readdirSync(templatesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !NOT_TEMPLATES.has(entry.name) && !entry.name.startsWith('.'))
    .map((entry) => entry.name);
  return new Set(ids);
}

/** The `*.yaml` / `*.yml` files directly in `dir`, sorted by name. */
export function flowFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/i.test(name))
    .sort()
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile());
}

/**
 * One flow from its source text (YAML, or JSON, which YAML reads too), validated like a flow file
 * against the template ids when given: the flow ready to publish, or every problem with its path.
 */
export function flowFromSource(
  source: string,
  file: string,
  templates?: ReadonlySet<string>,
): { flow: FlowFile; issues: [] } | { flow?: undefined; issues: FlowIssue[] } {
  const result = validateFlowSource(source, file, templates ? { templates } : {});
  if (!result.valid) return { issues: result.errors };
  return { flow: { file, source, definition: result.definition, version: flowContentHash(source) }, issues: [] };
}

/** 1-based line of the top-level `id:` of a flow file, for pointing at it. */
function idLine(source: string): number {
  const index = source.split(/\r?\n/).findIndex((line) => /^id\s*:/.test(line));
  return index >= 0 ? index + 1 : 1;
}

/**
 * Reads and validates every flow file of `dir` against the template ids of `templatesDir`
 * (default `<dir>/templates`). Also reports two files that use the same flow id.
 */
export function loadFlowDirectory(dir: string, templatesDir = join(dir, 'templates')): FlowDirectory {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    return { flows: [], issues: [{ file: dir, line: 1, column: 1, path: '', message: 'not a folder' }] };
  }
  const templates = templateIdsIn(templatesDir);
  const flows: FlowFile[] = [];
  const issues: FlowIssue[] = [];
  const owners = new Map<string, string>();
  for (const file of flowFilesIn(dir)) {
    const source = readFileSync(file, 'utf8');
    const result = flowFromSource(source, file, templates);
    if (!result.flow) {
      issues.push(...result.issues);
      continue;
    }
    const id = result.flow.definition.id;
    const owner = owners.get(id);
    if (owner) {
      issues.push({
        file,
        line: idLine(source),
        column: 1,
        path: 'id',
        message: `flow id '${id}' is already used by ${basename(owner)}`,
      });
      continue;
    }
    owners.set(id, file);
    flows.push(result.flow);
  }
  return { flows, issues, templates };
}

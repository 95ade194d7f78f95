import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { compileFlow, type CompiledFlow } from './flow-compiler';
import { flowContentHash } from './flow-hash';
import { checkFlowRules, type FlowRuleOptions, type IssuePath } from './flow-rules';
import { flowSchema, STEP_TYPES, type FlowDefinition } from './flow.schema';

/** One problem in a flow file, located for humans and editors. */
export interface FlowIssue {
  file: string;
  line: number;
  column: number;
  /** e.g. `steps[3].timeout`; empty for the whole file. */
  path: string;
  message: string;
}

export type FlowValidation =
  { valid: true; errors: []; definition: FlowDefinition } | { valid: false; errors: FlowIssue[] };

export type FlowLoadResult = { ok: true; flow: CompiledFlow } | { ok: false; errors: FlowIssue[] };

export type ValidateOptions = FlowRuleOptions;

/** `['steps', 3, 'timeout']` -> `steps[3].timeout`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, part) => {
    if (typeof part === 'number') return `${text}[${part}]`;
    return text === '' ? String(part) : `${text}.${String(part)}`;
  }, '');
}

/** Line and column of the deepest node of `path` that exists in the document. */
function locate(doc: Document, counter: LineCounter, path: IssuePath): { line: number; column: number } {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) {
      const pos = counter.linePos(node.range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return { line: 1, column: 1 };
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>(
    (value, key) => (value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined),
    data,
  );
}

function schemaIssues(issues: readonly z.core.$ZodIssue[], data: unknown): { path: IssuePath; message: string }[] {
  const seen = new Set<string>();
  const out: { path: IssuePath; message: string }[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    let message = issue.message;
    if (issue.code === 'invalid_union' && path[path.length - 1] === 'type' && path[0] === 'steps') {
      const given = valueAt(data, path);
      message =
        given === undefined
          ? `step has no \`type\` (one of: ${STEP_TYPES.join(', ')})`
          : `unknown step type '${String(given)}' (expected one of: ${STEP_TYPES.join(', ')})`;
    } else if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: [...path, key], message: `unknown field '${key}'` });
      continue;
    } else if (issue.code === 'invalid_type' && valueAt(data, path) === undefined) {
      message = `missing required field '${String(path[path.length - 1] ?? '')}'`;
    }
    const key = formatIssuePath(path);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path, message });
  }
  return out;
}

/**
 * Checks a flow file: YAML syntax, the schema, and the rules (step references, templates, CEL,
 * reachability, loops without a wait). Every problem comes back with its file, line and path.
 */
export function validateFlowSource(source: string, file: string, opts: ValidateOptions = {}): FlowValidation {
  const counter = new LineCounter();
  const doc = parseDocument(source, { lineCounter: counter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      valid: false,
      errors: doc.errors.map((error) => {
        const pos = error.linePos?.[0] ?? counter.linePos(error.pos[0]);
        return { file, line: pos.line, column: pos.col, path: '', message: `YAML: ${error.message.split('\n')[0]}` };
      }),
    };
  }
  const data: unknown = doc.toJS();
  const toIssue = ({ path, message }: { path: IssuePath; message: string }): FlowIssue => ({
    file,
    ...locate(doc, counter, path),
    path: formatIssuePath(path),
    message,
  });
  const parsed = flowSchema.safeParse(data);
  if (!parsed.success) return { valid: false, errors: schemaIssues(parsed.error.issues, data).map(toIssue) };
  const rules = checkFlowRules(parsed.data, opts);
  if (rules.length > 0) return { valid: false, errors: rules.map(toIssue) };
  return { valid: true, errors: [], definition: parsed.data };
}

/** Validates and compiles a flow file; its version is the content hash of `source`. */
export function loadFlowFromYaml(source: string, file: string, opts: ValidateOptions = {}): FlowLoadResult {
  const result = validateFlowSource(source, file, opts);
  if (!result.valid) return { ok: false, errors: result.errors };
  return { ok: true, flow: compileFlow(result.definition, flowContentHash(source)) };
}

/** `file:line:column path: message`, one line per issue. */
export function formatFlowIssues(issues: readonly FlowIssue[]): string {
  return issues.map((i) => `${i.file}:${i.line}:${i.column} ${i.path ? `${i.path}: ` : ''}${i.message}`).join('\n');
}

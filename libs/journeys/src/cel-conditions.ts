import { Environment, type ParseResult } from '@marcbachmann/cel-js';

/** Variables every flow expression can read. */
export interface CelScope {
  event: Record<string, unknown>;
  customer: Record<string, unknown>;
  journey: Record<string, unknown>;
  now: Date;
}

export interface CompiledExpression {
  source: string;
  evaluate(scope: CelScope): unknown;
}

export type CompileResult = { ok: true; expression: CompiledExpression } | { ok: false; message: string };

let environment: Environment | undefined;

/** One shared, typed CEL environment: `event`, `customer`, `journey` are maps, `now` a timestamp. */
function celEnvironment(): Environment {
  environment ??= new Environment({ unlistedVariablesAreDyn: false, homogeneousAggregateLiterals: false })
    .registerVariable('event', 'map')
    .registerVariable('customer', 'map')
    .registerVariable('journey', 'map')
    .registerVariable('now', 'google.protobuf.Timestamp');
  return environment;
}

function firstLine(message: string): string {
  return message.split('\n')[0].trim();
}

/**
 * Parses and type-checks a CEL expression once. `expect: 'bool'` rejects expressions whose type is
 * known not to be a boolean (dynamic lookups such as `event.data.flag` are accepted).
 */
export function compileCel(source: string, expect: 'bool' | 'any' = 'any'): CompileResult {
  const key = `${expect}\u0000${source}`;
  const known = programs.get(key);
  if (known) return known;
  const result = parseAndCheck(source, expect);
  if (programs.size < PROGRAM_CACHE_LIMIT) programs.set(key, result);
  return result;
}

/**
 * Compiled programs by source: the same expressions come back with every flow version compiled,
 * validated or previewed. A program holds no state between evaluations, so one can be shared.
 */
const programs = new Map<string, CompileResult>();
const PROGRAM_CACHE_LIMIT = 5_000;

function parseAndCheck(source: string, expect: 'bool' | 'any'): CompileResult {
  const env = celEnvironment();
  let parsed: ParseResult;
  try {
    parsed = env.parse(source);
  } catch (error) {
    return {
      ok: false,
      message: `CEL does not parse: ${firstLine(error instanceof Error ? error.message : String(error))}`,
    };
  }
  const checked = parsed.check();
  if (!checked.valid) {
    return {
      ok: false,
      message: `CEL does not type-check: ${firstLine(checked.error?.message ?? 'invalid expression')}`,
    };
  }
  if (expect === 'bool' && checked.type !== 'bool' && checked.type !== 'dyn') {
    return { ok: false, message: `CEL condition must be true or false, but it gives ${checked.type}` };
  }
  return { ok: true, expression: { source, evaluate: (scope) => parsed(scope as unknown as Record<string, unknown>) } };
}

/**
 * Evaluates a condition; a missing field or a runtime error counts as false (use `has(...)` to
 * test presence explicitly), so one malformed event never breaks a journey.
 */
export function evaluateCondition(expression: CompiledExpression | undefined, scope: CelScope): boolean {
  if (!expression) return true;
  try {
    return expression.evaluate(scope) === true;
  } catch {
    return false;
  }
}

/** Evaluates an expression; undefined on a runtime error. BigInts become numbers when safe. */
export function evaluateValue(expression: CompiledExpression, scope: CelScope): unknown {
  try {
    const value = expression.evaluate(scope);
    if (typeof value === 'bigint') return Number(value);
    return value;
  } catch {
    return undefined;
  }
}

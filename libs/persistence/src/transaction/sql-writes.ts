import type { EntityManager } from 'typeorm';

/** One data-modifying statement (INSERT, UPDATE or DELETE) with its own `$1`…`$n` parameters. */
export interface SqlWrite {
  sql: string;
  params: unknown[];
}

/**
 * Several independent writes as one statement: each one a data-modifying `WITH` part, so a batch
 * that writes five tables costs one round trip instead of five. They all run, on the same
 * snapshot: none may read what another one writes, and no two may change the same row. `last`
 * is the statement's main query (a `SELECT`, e.g. a `pg_notify`), run in the same statement.
 */
export function combineWrites(writes: ReadonlyArray<SqlWrite | null | undefined>, last?: SqlWrite): SqlWrite | null {
  const parts = writes.filter((w): w is SqlWrite => Boolean(w));
  if (parts.length === 0) return last ?? null;
  if (parts.length === 1 && !last) return parts[0];
  const params: unknown[] = [];
  const shifted = (write: SqlWrite): string => appendParameters(write, params);
  const ctes = parts.map((write, i) => `write_${i} AS (${shifted(write)})`);
  const tail = last ? shifted(last) : 'SELECT 1';
  return { sql: `WITH ${ctes.join(',\n')}\n${tail}`, params };
}

/**
 * A statement's SQL for a combined statement whose parameters are `params`: its own parameters
 * are appended to `params` and its `$1`…`$n` renumbered after the ones already there.
 */
export function appendParameters(statement: { sql: string; params: unknown[] }, params: unknown[]): string {
  const offset = params.length;
  params.push(...statement.params);
  return statement.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
}

/** Runs the writes (see `combineWrites`) in one statement on `db`. */
export async function runWrites(
  db: EntityManager,
  writes: ReadonlyArray<SqlWrite | null | undefined>,
  last?: SqlWrite,
): Promise<void> {
  const statement = combineWrites(writes, last);
  if (statement) await db.query(statement.sql, statement.params);
}

import type { EntityManager } from 'typeorm';
import { appendParameters } from './sql-writes';

/** A row as a read's `map` gets it: from the driver, or as JSON from a combined read. */
export type SqlRow = Record<string, unknown>;

/**
 * One query (a `SELECT`) with its own `$1`…`$n` parameters, and how its rows become a value. Run
 * alone (`runRead`) its rows come from the driver (timestamps as Dates); combined with others
 * (`combineReads`) they come as JSON (timestamps as ISO strings, jsonb and arrays as values), so a
 * `map` reads either.
 */
export interface SqlRead<T> {
  sql: string;
  params: unknown[];
  map(rows: SqlRow[]): T;
}

type ReadResults<T extends Record<string, SqlRead<unknown>>> = {
  [K in keyof T]: T[K] extends SqlRead<infer R> ? R : never;
};

/**
 * Several queries as one statement: each one's rows are aggregated into a JSON column of a single
 * row, so the reads of a batch cost one round trip instead of one each. They all read the same
 * snapshot; a query's `ORDER BY` and `FOR UPDATE` still apply to its own rows.
 */
export function combineReads<T extends Record<string, SqlRead<unknown>>>(reads: T): SqlRead<ReadResults<T>> {
  const params: unknown[] = [];
  const keys = Object.keys(reads);
  const columns = keys.map(
    (key, i) => `(SELECT coalesce(json_agg(r), '[]'::json) FROM (${appendParameters(reads[key], params)}) r) AS r${i}`,
  );
  return {
    sql: `SELECT ${columns.join(',\n       ')}`,
    params,
    map: (rows) => {
      const row = rows[0] ?? {};
      return Object.fromEntries(
        keys.map((key, i) => [key, reads[key].map((row[`r${i}`] ?? []) as SqlRow[])]),
      ) as ReadResults<T>;
    },
  };
}

/** Runs a read (alone or combined, see `combineReads`) in one statement on `db`. */
export async function runRead<T>(db: EntityManager, read: SqlRead<T>): Promise<T> {
  return read.map((await db.query(read.sql, read.params)) as SqlRow[]);
}

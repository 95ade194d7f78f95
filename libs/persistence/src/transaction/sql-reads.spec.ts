import { combineReads, type SqlRead } from './sql-reads';

const ids = (rows: Array<Record<string, unknown>>) => rows.map((r) => r.id);

describe('combineReads', () => {
  it('makes one SELECT of JSON columns, one per read, numbering their parameters one after the other', () => {
    const read = combineReads({
      a: { sql: 'SELECT id FROM a WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE', params: [['x']], map: ids },
      b: { sql: 'SELECT id FROM b WHERE at > $2 AND id = $1', params: ['y', 'when'], map: ids },
    });
    expect(read.sql).toBe(
      [
        `SELECT (SELECT coalesce(json_agg(r), '[]'::json) FROM (SELECT id FROM a WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE) r) AS r0,`,
        `       (SELECT coalesce(json_agg(r), '[]'::json) FROM (SELECT id FROM b WHERE at > $3 AND id = $2) r) AS r1`,
      ].join('\n'),
    );
    expect(read.params).toEqual([['x'], 'y', 'when']);
  });

  it("hands each read's map its own column, and an inner combined read its row", () => {
    const inner = combineReads({ c: { sql: 'SELECT 1', params: [], map: (rows) => rows.length } });
    const read: SqlRead<{ a: unknown[]; nested: { c: number } }> = combineReads({
      a: { sql: 'SELECT id FROM a', params: [], map: ids },
      nested: inner,
    });
    expect(read.map([{ r0: [{ id: 'x' }, { id: 'y' }], r1: [{ r0: [{}, {}, {}] }] }])).toEqual({
      a: ['x', 'y'],
      nested: { c: 3 },
    });
  });
});

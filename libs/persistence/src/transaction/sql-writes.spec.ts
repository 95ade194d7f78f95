import { combineWrites } from './sql-writes';

describe('combineWrites', () => {
  it('joins writes as WITH parts and numbers their parameters one after the other', () => {
    const statement = combineWrites(
      [
        { sql: 'INSERT INTO a SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(id text)', params: ['[1]'] },
        null,
        { sql: 'UPDATE b SET at = $2 WHERE id = ANY($1::text[])', params: [['x'], 'when'] },
        { sql: 'DELETE FROM c WHERE id = $1 AND n > $10', params: Array.from({ length: 10 }, (_, i) => i) },
      ],
      { sql: `SELECT pg_notify($1, '')`, params: ['outbox'] },
    );
    expect(statement?.sql).toBe(
      [
        'WITH write_0 AS (INSERT INTO a SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(id text)),',
        'write_1 AS (UPDATE b SET at = $3 WHERE id = ANY($2::text[])),',
        'write_2 AS (DELETE FROM c WHERE id = $4 AND n > $13)',
        `SELECT pg_notify($14, '')`,
      ].join('\n'),
    );
    expect(statement?.params).toEqual(['[1]', ['x'], 'when', 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 'outbox']);
  });

  it('leaves a single write as it is, and gives nothing for no writes', () => {
    const only = { sql: 'DELETE FROM a WHERE id = $1', params: ['x'] };
    expect(combineWrites([null, only])).toBe(only);
    expect(combineWrites([null, undefined])).toBeNull();
    const last = { sql: 'SELECT 1', params: [] };
    expect(combineWrites([], last)).toBe(last);
  });
});

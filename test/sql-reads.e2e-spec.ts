import { combineReads, runRead, type SqlRead } from '@postventa/persistence';
import { createTestDatabase, type TestDatabase } from './support/test-database';

type Row = {
  id: string;
  at: Date | string;
  tags: string[];
  doc: { n: number; nested: { ok: boolean } };
  n: number;
};

/** What a repository's `map` does: reads a row from the driver or from JSON alike. */
const read = (
  sql: string,
  params: unknown[],
): SqlRead<Array<{ id: string; at: string; tags: string[]; doc: Row['doc']; n: number }>> => ({
  sql,
  params,
  map: (rows) =>
    (rows as Row[]).map((r) => ({ id: r.id, at: new Date(r.at).toISOString(), tags: r.tags, doc: r.doc, n: r.n })),
});

/**
 * Reads combined into one statement (`combineReads`, one round trip for a batch's reads) give what
 * the same reads give one by one: types, order, empty results, and their row locks.
 */
describe('combined reads on PostgreSQL', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    await db.dataSource.query(
      `CREATE TABLE items (id text PRIMARY KEY, at timestamptz NOT NULL, tags text[] NOT NULL, doc jsonb NOT NULL, n integer NOT NULL)`,
    );
    await db.dataSource.query(
      `INSERT INTO items SELECT 'item-' || g, timestamptz '2026-03-01T10:00:00.123Z' - g * interval '1 minute',
              ARRAY['t' || g, 'all'], jsonb_build_object('n', g, 'nested', jsonb_build_object('ok', g % 2 = 0)), g
         FROM generate_series(1, 30) AS g`,
    );
  });
  afterAll(async () => db?.drop());

  it('gives each read the rows it gives alone, in its order', async () => {
    const reads = {
      newest: read(`SELECT * FROM items WHERE n > $1 ORDER BY at DESC LIMIT 5`, [10]),
      some: read(`SELECT * FROM items WHERE id = ANY($1::text[]) AND doc @> $2::jsonb ORDER BY n`, [
        ['item-2', 'item-3', 'item-4', 'item-9'],
        JSON.stringify({ nested: { ok: true } }),
      ]),
      none: read(`SELECT * FROM items WHERE n < $1`, [0]),
    };
    const alone = {
      newest: await runRead(db.dataSource.manager, reads.newest),
      some: await runRead(db.dataSource.manager, reads.some),
      none: await runRead(db.dataSource.manager, reads.none),
    };
    const combined = await runRead(db.dataSource.manager, combineReads(reads));
    expect(combined).toEqual(alone);
    expect(combined.newest.map((r) => r.n)).toEqual([11, 12, 13, 14, 15]);
    expect(combined.some.map((r) => r.id)).toEqual(['item-2', 'item-4']);
    expect(combined.newest[0]).toEqual({
      id: 'item-11',
      at: '2026-03-01T09:49:00.123Z',
      tags: ['t11', 'all'],
      doc: { n: 11, nested: { ok: false } },
      n: 11,
    });
  });

  it('takes the row locks of a read with FOR UPDATE until the transaction ends', async () => {
    const locked = read(`SELECT * FROM items WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`, [['item-1']]);
    const other = await db.dataSource.createQueryRunner();
    await other.connect();
    try {
      await db.dataSource.transaction(async (tx) => {
        const rows = await runRead(tx, combineReads({ locked, all: read(`SELECT * FROM items`, []) }));
        expect(rows.locked.map((r) => r.id)).toEqual(['item-1']);
        expect(rows.all).toHaveLength(30);
        const skipped = await other.query(`SELECT id FROM items WHERE id = 'item-1' FOR UPDATE SKIP LOCKED`);
        expect(skipped).toEqual([]);
      });
      expect(await other.query(`SELECT id FROM items WHERE id = 'item-1' FOR UPDATE SKIP LOCKED`)).toEqual([
        { id: 'item-1' },
      ]);
    } finally {
      await other.release();
    }
  });
});

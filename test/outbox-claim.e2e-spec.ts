import { OutboxRepository, type OutboxMessage } from '@postventa/persistence';
import { createTestDatabase, type TestDatabase } from './support/test-database';

const message = (i: number): OutboxMessage => ({
  topic: 'commands',
  key: `cus-${i % 3}`,
  headers: { n: String(i) },
  payload: { n: i },
});

describe('outbox: the relay claims and marks rows in one statement', () => {
  let db: TestDatabase;
  const outbox = new OutboxRepository();
  const at = new Date('2026-02-01T10:00:00Z');

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  const unpublished = async () => (await outbox.backlog(db.dataSource.manager, at)).count;

  it('returns the oldest rows in id order, marked published when the transaction commits', async () => {
    await outbox.insertMany(
      db.dataSource.manager,
      Array.from({ length: 40 }, (_, i) => message(i)),
    );
    const claimed = await db.dataSource.transaction((tx) => outbox.claimAndMark(tx, 25, at));
    expect(claimed?.map((r) => (r.payload as { n: number }).n)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    const ids = claimed!.map((r) => BigInt(r.id));
    expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(claimed![0]).toMatchObject({ topic: 'commands', key: 'cus-0', headers: { n: '0' } });
    expect(await unpublished()).toBe(15);
    const [{ count }] = await db.dataSource.query(`SELECT count(*)::int AS count FROM outbox WHERE published_at = $1`, [
      at,
    ]);
    expect(count).toBe(25);
  });

  it('leaves the rows unpublished when the transaction rolls back (a send failed)', async () => {
    await expect(
      db.dataSource.transaction(async (tx) => {
        const rows = await outbox.claimAndMark(tx, 10, at);
        expect(rows).toHaveLength(10);
        throw new Error('broker unavailable');
      }),
    ).rejects.toThrow('broker unavailable');
    expect(await unpublished()).toBe(15);
  });

  it('gives nothing to a second relay while one holds the relay lock, and the rest afterwards', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let first: unknown;
    const holder = db.dataSource.transaction(async (tx) => {
      first = await outbox.claimAndMark(tx, 5, at);
      await held;
    });
    while (first === undefined) await new Promise((r) => setTimeout(r, 20));
    const second = await db.dataSource.transaction((tx) => outbox.claimAndMark(tx, 5, at));
    expect(second).toBeNull();
    release();
    await holder;
    const rest = await db.dataSource.transaction((tx) => outbox.claimAndMark(tx, 100, at));
    expect(rest).toHaveLength(10);
    expect(await unpublished()).toBe(0);
  });
});

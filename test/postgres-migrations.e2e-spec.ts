import { migrations } from '@postventa/persistence';
import { createTestDatabase, TestDatabase } from './support/test-database';

describe('PostgreSQL migrations (real server, TypeORM)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.drop());

  it('applies every migration and records it', async () => {
    const rows: Array<{ name: string }> = await db.dataSource.query('SELECT name FROM schema_migrations ORDER BY id');
    expect(rows.map((r) => r.name)).toEqual(migrations.map((m) => m.name));
    expect(await db.dataSource.showMigrations()).toBe(false);
  });

  it('creates tables whose columns keep what the repositories write (jsonb, text[], timestamptz)', async () => {
    const now = new Date('2026-11-01T10:00:00Z');
    await db.dataSource.query(
      `INSERT INTO customers (id, email, name, locale, timezone, phone, attributes, consent, tags, field_times,
         first_seen_at, last_seen_at, event_count, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, NULL, $6, $7, $8, '{}', $9, $9, 1, $9, $9)`,
      [
        'cus_1',
        'ana@example.com',
        'Ana',
        'es-MX',
        'America/Mexico_City',
        { plan: 'pro' },
        { marketing: true },
        ['vip'],
        now,
      ],
    );
    const [found] = await db.dataSource.query(`SELECT * FROM customers WHERE id = $1`, ['cus_1']);
    expect(found).toMatchObject({
      email: 'ana@example.com',
      locale: 'es-MX',
      attributes: { plan: 'pro' },
      tags: ['vip'],
      event_count: 1,
    });
    expect((found.first_seen_at as Date).toISOString()).toBe(now.toISOString());
  });

  it('reverts migrations with their down step', async () => {
    for (let i = 0; i < migrations.length; i++) await db.dataSource.undoLastMigration({ transaction: 'each' });
    const tables: Array<{ table_name: string }> = await db.dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'schema_migrations'`,
    );
    expect(tables).toEqual([]);
  });
});

import { CustomerEntity, migrations } from '@postventa/persistence';
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

  it('writes a row through an entity and reads it back', async () => {
    const repository = db.dataSource.getRepository(CustomerEntity);
    const now = new Date('2026-11-01T10:00:00Z');
    await repository.insert({
      id: 'cus_1',
      email: 'ana@example.com',
      name: 'Ana',
      locale: 'es-MX',
      timezone: 'America/Mexico_City',
      phone: null,
      attributes: { plan: 'pro' },
      consent: { marketing: true },
      tags: ['vip'],
      fieldTimes: {},
      firstSeenAt: now,
      lastSeenAt: now,
      eventCount: 1,
      createdAt: now,
      updatedAt: now,
    });
    const found = await repository.findOneByOrFail({ id: 'cus_1' });
    expect(found).toMatchObject({ email: 'ana@example.com', locale: 'es-MX', attributes: { plan: 'pro' }, tags: ['vip'] });
    expect(found.firstSeenAt.toISOString()).toBe(now.toISOString());
  });

  it('reverts migrations with their down step', async () => {
    for (let i = 0; i < migrations.length; i++) await db.dataSource.undoLastMigration({ transaction: 'each' });
    const tables: Array<{ table_name: string }> = await db.dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'schema_migrations'`,
    );
    expect(tables).toEqual([]);
  });
});

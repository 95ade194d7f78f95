import type { RiskSignal } from '@postventa/risk';
import { RiskSignalRepository } from '../apps/engine/src/risk/risk-signal.repository';
import { createTestDatabase, type TestDatabase } from './support/test-database';

const signal = (customerId: string, eventId: string, at: string) => ({
  eventId,
  customerId,
  signal: { kind: 'usage', at, type: 'product.used' } as unknown as RiskSignal,
});

describe('risk signals: pruned and loaded in one statement', () => {
  let db: TestDatabase;
  const signals = new RiskSignalRepository();

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('drops the signals older than the look-back and returns the rest of those customers, oldest first', async () => {
    await signals.insertMany(db.dataSource.manager, [
      signal('c1', 'e-old', '2026-01-01T00:00:00Z'),
      signal('c1', 'e-new-2', '2026-03-02T00:00:00Z'),
      signal('c1', 'e-new-1', '2026-03-01T00:00:00Z'),
      signal('c2', 'e-c2-old', '2026-01-05T00:00:00Z'),
      signal('c3', 'e-other', '2026-01-01T00:00:00Z'),
    ]);
    const before = new Date('2026-02-01T00:00:00Z');
    const loaded = await db.dataSource.transaction((tx) => signals.pruneAndLoad(tx, ['c1', 'c2'], before));
    expect([...loaded.keys()]).toEqual(['c1']);
    expect(loaded.get('c1')!.map((s) => s.at)).toEqual(['2026-03-01T00:00:00Z', '2026-03-02T00:00:00Z']);
    const left: Array<{ event_id: string }> = await db.dataSource.query(
      `SELECT event_id FROM risk_signals ORDER BY event_id`,
    );
    // The old signals of c1 and c2 are gone; c3 was not asked about and keeps its own.
    expect(left.map((r) => r.event_id)).toEqual(['e-new-1', 'e-new-2', 'e-other']);
  });
});

import { runRead, runWrites } from '@postventa/persistence';
import type { RiskSignal } from '@postventa/risk';
import { RiskSignalRepository } from '../apps/engine/src/risk/risk-signal.repository';
import { createTestDatabase, type TestDatabase } from './support/test-database';

const signal = (customerId: string, eventId: string, at: string) => ({
  eventId,
  customerId,
  signal: { kind: 'usage', at, type: 'product.used' } as unknown as RiskSignal,
});

describe('risk signals: kept, read and pruned a batch at a time', () => {
  let db: TestDatabase;
  const signals = new RiskSignalRepository();

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('reads the signals the model can still count, oldest first, and prunes the older ones of those customers only', async () => {
    const manager = db.dataSource.manager;
    await runWrites(manager, [
      signals.insertWrite([
        signal('c1', 'e-old', '2026-01-01T00:00:00Z'),
        signal('c1', 'e-new-2', '2026-03-02T00:00:00Z'),
        signal('c1', 'e-new-1', '2026-03-01T00:00:00Z'),
        signal('c2', 'e-c2-old', '2026-01-05T00:00:00Z'),
        signal('c3', 'e-other', '2026-01-01T00:00:00Z'),
      ]),
    ]);
    // A signal recorded again (the same event) is left as it was.
    await runWrites(manager, [signals.insertWrite([signal('c1', 'e-new-1', '2026-03-05T00:00:00Z')])]);
    const from = new Date('2026-02-01T00:00:00Z');
    const kept = await runRead(manager, signals.keptRead(['c1', 'c2'], from));
    expect([...kept.keys()]).toEqual(['c1']);
    expect(kept.get('c1')!.map((s) => [s.eventId, s.signal.at])).toEqual([
      ['e-new-1', '2026-03-01T00:00:00Z'],
      ['e-new-2', '2026-03-02T00:00:00Z'],
    ]);
    await runWrites(manager, [signals.pruneWrite(['c1', 'c2'], from)]);
    const left: Array<{ event_id: string }> = await db.dataSource.query(
      `SELECT event_id FROM risk_signals ORDER BY event_id`,
    );
    // The old signals of c1 and c2 are gone; c3 was not asked about and keeps its own.
    expect(left.map((r) => r.event_id)).toEqual(['e-new-1', 'e-new-2', 'e-other']);
  });
});

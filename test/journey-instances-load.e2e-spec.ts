import type { JourneyInstance } from '@postventa/journeys';
import { runRead, runWrites } from '@postventa/persistence';
import { JourneyInstanceRepository } from '../apps/engine/src/journeys/journey-instance.repository';
import { createTestDatabase, type TestDatabase } from './support/test-database';

function journey(id: string, customer: string, order: string, status: JourneyInstance['status']): JourneyInstance {
  const at = '2026-02-01T10:00:00.000Z';
  const snapshot = {
    id: `evt-${id}`,
    type: 'order.placed',
    time: at,
    subject: customer,
    source: 'test',
    data: { order_id: order },
  };
  const instance: JourneyInstance = {
    id,
    flow: { id: 'smot-onboarding', version: 'v1' },
    customer_id: customer,
    entry_key: order,
    order_id: order,
    entry_event_id: `evt-${id}`,
    status,
    visits: [{ step_id: 'order-confirmation', visit: 1, at }],
    visit_counts: { 'order-confirmation': 1 },
    vars: { note: 'x'.repeat(2000) },
    seq: 1,
    emitted: ['order-confirmation'],
    goals: [],
    entered_at: at,
    updated_at: at,
    entry_event: snapshot,
    last_event: snapshot,
  };
  if (status === 'waiting') instance.current_step = 'wait-delivery';
  else instance.ended_at = at;
  return instance;
}

describe('journey instances: a batch loads open journeys whole and ended ones as identity', () => {
  let db: TestDatabase;
  const repository = new JourneyInstanceRepository();

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('returns the state of open journeys and only id, flow, customer, entry key and status of ended ones', async () => {
    const open = journey('j-open', 'cus-a', 'o1', 'waiting');
    const done = journey('j-done', 'cus-a', 'o2', 'completed');
    const exited = journey('j-exited', 'cus-b', 'o3', 'exited');
    const other = journey('j-other', 'cus-c', 'o4', 'waiting');
    await runWrites(db.dataSource.manager, [repository.upsertWrite([open, done, exited, other])]);

    const loaded = await runRead(db.dataSource.manager, repository.byCustomersRead(['cus-a', 'cus-b']));

    expect(loaded.open).toEqual([open]);
    expect(loaded.ended).toEqual([
      {
        id: 'j-done',
        flow: { id: 'smot-onboarding', version: 'v1' },
        customer_id: 'cus-a',
        entry_key: 'o2',
        status: 'completed',
      },
      {
        id: 'j-exited',
        flow: { id: 'smot-onboarding', version: 'v1' },
        customer_id: 'cus-b',
        entry_key: 'o3',
        status: 'exited',
      },
    ]);
    expect(await runRead(db.dataSource.manager, repository.byCustomersRead([]))).toEqual({ open: [], ended: [] });
  });
});

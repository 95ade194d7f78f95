import type { JourneyInstance } from '@postventa/journeys';
import { stopJourney } from './journey-stop';

const waiting: JourneyInstance = {
  id: 'jrn_1',
  flow: { id: 'smot', version: 'abc123' },
  customer_id: 'cus_1',
  entry_key: 'ord_1',
  entry_event_id: 'evt_1',
  order_id: 'ord_1',
  status: 'waiting',
  current_step: 'wait-delivery',
  wait: { kind: 'delay', step_id: 'wait-delivery', timer_id: 'tmr_1', due_at: '2026-03-02T10:00:00.000Z', seq: 3 },
  visits: [{ step_id: 'welcome', visit: 1, at: '2026-03-01T10:00:00.000Z', outcome: 'completed' }],
  visit_counts: { welcome: 1 },
  vars: {},
  seq: 3,
  emitted: ['welcome'],
  goals: [],
  entered_at: '2026-03-01T10:00:00.000Z',
  updated_at: '2026-03-01T10:00:00.000Z',
  entry_event: {
    id: 'evt_1',
    type: 'order.placed',
    time: '2026-03-01T10:00:00.000Z',
    subject: 'cus_1',
    source: 'test',
    data: {},
  },
  last_event: {
    id: 'evt_1',
    type: 'order.placed',
    time: '2026-03-01T10:00:00.000Z',
    subject: 'cus_1',
    source: 'test',
    data: {},
  },
};

describe('stopJourney', () => {
  const now = new Date('2026-03-01T12:00:00.000Z');

  it('exits the journey with the reason, drops its wait and moves its seq on (a firing on its way is stale)', () => {
    const { instance, timerIds } = stopJourney(waiting, 'flow_paused', 2, now);
    expect(instance).toMatchObject({
      status: 'exited',
      outcome: 'cancelled',
      exit_reason: 'flow_paused',
      seq: 4,
      ended_at: now.toISOString(),
      updated_at: now.toISOString(),
    });
    expect(instance.wait).toBeUndefined();
    expect(timerIds).toEqual(['tmr_1']);
    expect(waiting.status).toBe('waiting'); // the input is not changed
  });

  it('records a journey.exited activity with the published version number and a deterministic id', () => {
    const first = stopJourney(waiting, 'flow_archived', 2, now);
    const again = stopJourney(waiting, 'flow_archived', 2, now);
    expect(first.activity).toMatchObject({
      type: 'journey.exited',
      journey_id: 'jrn_1',
      flow_id: 'smot',
      flow_version: 2,
      step_id: 'wait-delivery',
      outcome: 'cancelled',
      order_id: 'ord_1',
    });
    expect(first.activity.data).toMatchObject({ reason: 'flow_archived', flow: { id: 'smot', version: 2 } });
    expect(first.activity.id).toBe(again.activity.id);
    expect(first.message).toMatchObject({
      topic: 'activity',
      key: 'cus_1',
      payload: { type: 'journey.exited', id: first.activity.id, subject: 'cus_1' },
    });
  });
});

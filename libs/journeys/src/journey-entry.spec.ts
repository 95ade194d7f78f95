import { journeyIdFor, matchTrigger, startJourney } from './journey-entry';
import { flowFromYaml, makeEvent } from './journey-test-kit';

const T0 = '2025-03-03T10:00:00.000Z';

function flow(key: string, reentry: string, condition = '') {
  return flowFromYaml(
    `id: f\nname: F\ntrigger:\n  event: order.placed\n${condition ? `  condition: ${condition}\n` : ''}entry:\n  key: ${key}\n  reentry: ${reentry}\nsteps:\n  - id: w\n    type: wait\n    duration: P1D\n`,
  );
}

describe('matchTrigger / startJourney', () => {
  it('derives the journey id from flow, customer, key and entry event', () => {
    const f = flow('order', 'always');
    const event = makeEvent('order.placed', T0, { order_id: 'o-9' }, { id: 'e-1' });
    expect(matchTrigger(f, event)).toEqual({
      journey_id: journeyIdFor('f', 'cus-1', 'o-9', 'e-1'),
      entry_key: 'o-9',
      order_id: 'o-9',
    });
    expect(matchTrigger(f, { ...event, type: 'order.paid' })).toBeNull();
    expect(matchTrigger(f, makeEvent('order.placed', T0, {}))).toBeNull();
  });

  it('applies the trigger condition', () => {
    const f = flow('customer', 'always', 'event.data.total >= 100');
    expect(matchTrigger(f, makeEvent('order.placed', T0, { total: 150 }))).not.toBeNull();
    expect(matchTrigger(f, makeEvent('order.placed', T0, { total: 50 }))).toBeNull();
  });

  it('reads any event field path as the entry key', () => {
    const f = flow('event.data.subscription.id', 'once');
    expect(matchTrigger(f, makeEvent('order.placed', T0, { subscription: { id: 'sub-7' } }))?.entry_key).toBe('sub-7');
  });

  it.each([
    ['once', 'active', false],
    ['once', 'completed', false],
    ['after_exit', 'waiting', false],
    ['after_exit', 'exited', true],
    ['always', 'waiting', true],
  ])('re-entry %s with an existing %s journey for the key -> enters: %s', (reentry, status, enters) => {
    const f = flow('order', reentry);
    const first = startJourney(f, makeEvent('order.placed', T0, { order_id: 'o-1' }), new Date(T0));
    const existing = [{ ...first!.instance, status: status as 'active' }];
    const again = matchTrigger(f, makeEvent('order.placed', T0, { order_id: 'o-1' }), undefined, existing);
    expect(again !== null).toBe(enters);
    expect(matchTrigger(f, makeEvent('order.placed', T0, { order_id: 'o-2' }), undefined, existing)).not.toBeNull();
  });

  it('never enters twice for the same entry event', () => {
    const f = flow('order', 'always');
    const event = makeEvent('order.placed', T0, { order_id: 'o-1' });
    const first = startJourney(f, event, new Date(T0));
    expect(startJourney(f, event, new Date(T0), { existing: [first!.instance] })).toBeNull();
  });
});

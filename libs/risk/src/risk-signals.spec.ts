import { RiskSignal, signalFromEvent } from './risk-signals';

const time = '2025-06-01T10:00:00.000Z';
const event = (type: string, data: Record<string, unknown> = {}) => ({ type, time, data });

describe('signalFromEvent', () => {
  it.each<[string, Record<string, unknown>, RiskSignal]>([
    ['survey.answered', { survey: 'nps', score: 3 }, { kind: 'survey', survey: 'nps', score: 3, at: time }],
    ['survey.answered', { survey: 'CSAT', score: 5 }, { kind: 'survey', survey: 'csat', score: 5, at: time }],
    ['survey.answered', { survey_type: 'ces', score: 6 }, { kind: 'survey', survey: 'ces', score: 6, at: time }],
    ['order.delivered', { order_id: 'o-1' }, { kind: 'delivered', order_id: 'o-1', at: time }],
    ['product.first_used', { order_id: 'o-1' }, { kind: 'first_use', order_id: 'o-1', at: time }],
    ['product.first_used', {}, { kind: 'first_use', at: time }],
    ['order.refunded', { order_id: 'o-1' }, { kind: 'refund', order_id: 'o-1', at: time }],
    ['order.returned', { order_id: 42 }, { kind: 'return', order_id: '42', at: time }],
    ['ticket.opened', { ticket_id: 't-1' }, { kind: 'ticket_opened', ticket_id: 't-1', reopened: false, at: time }],
    [
      'ticket.opened',
      { ticket_id: 't-1', reopened: true },
      { kind: 'ticket_opened', ticket_id: 't-1', reopened: true, at: time },
    ],
    ['ticket.reopened', { ticket_id: 't-1' }, { kind: 'ticket_opened', ticket_id: 't-1', reopened: true, at: time }],
    ['customer.unsubscribed', {}, { kind: 'unsubscribe', at: time }],
    ['email.bounced', { bounce_type: 'hard' }, { kind: 'bounce', at: time }],
    ['email.bounced', {}, { kind: 'bounce', at: time }],
    ['order.placed', { order_id: 'o-1', total: 10 }, { kind: 'purchase', order_id: 'o-1', at: time }],
    ['product.used', { count: 4 }, { kind: 'usage', count: 4, at: time }],
    ['product.used', {}, { kind: 'usage', count: 1, at: time }],
  ])('maps %s %j', (type, data, signal) => {
    expect(signalFromEvent(event(type, data))).toEqual(signal);
  });

  it.each<[string, Record<string, unknown>]>([
    ['order.shipped', { order_id: 'o-1' }],
    ['email.opened', {}],
    ['survey.answered', { survey: 'nps', score: 11 }],
    ['survey.answered', { survey: 'csat', score: 0 }],
    ['survey.answered', { survey: 'ces', score: 8 }],
    ['survey.answered', { survey: 'nps', score: 4.5 }],
    ['survey.answered', { survey: 'stars', score: 4 }],
    ['survey.answered', { survey: 'nps', score: '4' }],
    ['order.delivered', {}],
    ['order.refunded', { order_id: '' }],
    ['ticket.opened', {}],
    ['email.bounced', { bounce_type: 'soft' }],
    ['email.bounced', { hard: false }],
    ['product.used', { count: -1 }],
  ])('gives null for %s %j', (type, data) => {
    expect(signalFromEvent(event(type, data))).toBeNull();
  });

  it('normalises the time and rejects an unreadable one', () => {
    expect(signalFromEvent({ type: 'customer.unsubscribed', time: '2025-06-01T12:00:00+02:00', data: {} })).toEqual({
      kind: 'unsubscribe',
      at: time,
    });
    expect(signalFromEvent({ type: 'customer.unsubscribed', time: 'yesterday', data: {} })).toBeNull();
  });
});

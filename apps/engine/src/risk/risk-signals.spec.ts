import { sampleEvent } from '@postventa/contracts';
import { defaultRiskModel, scoreRisk } from '@postventa/risk';
import { reasonsBackedBy, riskChangedData, riskSignalOf } from './risk-signals';

describe('risk signals of contract events', () => {
  it('reads the survey kind of a contract survey.answered event', () => {
    const event = sampleEvent('survey.answered', { time: '2026-01-10T10:00:00Z', data: { kind: 'nps', score: 3 } });
    expect(riskSignalOf(event)).toEqual({ kind: 'survey', survey: 'nps', score: 3, at: '2026-01-10T10:00:00.000Z' });
  });

  it('maps deliveries and first use', () => {
    expect(riskSignalOf(sampleEvent('order.delivered', { time: '2026-01-10T10:00:00Z' }))).toMatchObject({
      kind: 'delivered',
      order_id: 'ord_1001',
    });
    expect(riskSignalOf(sampleEvent('product.first_used', { time: '2026-01-10T10:00:00Z' }))).toMatchObject({
      kind: 'first_use',
      order_id: 'ord_1001',
    });
    expect(riskSignalOf(sampleEvent('order.shipped'))).toBeNull();
  });

  it.each([
    [{ kind: 'survey', survey: 'nps', score: 3, at: '' }, ['detractor']],
    [{ kind: 'survey', survey: 'ces', score: 6, at: '' }, ['high_effort']],
    [{ kind: 'refund', order_id: 'o', at: '' }, ['refund_requested']],
    [{ kind: 'ticket_opened', ticket_id: 't', reopened: true, at: '' }, ['repeated_tickets', 'reopened_ticket']],
    [{ kind: 'first_use', at: '' }, []],
    [{ kind: 'delivered', order_id: 'o', at: '' }, []],
  ] as const)('%j backs %j', (signal, reasons) => {
    expect(reasonsBackedBy(signal)).toEqual(reasons);
  });
});

describe('risk.changed data', () => {
  it('publishes critical as the contract level high, keeping the model level', () => {
    const now = new Date('2026-01-10T12:00:00Z');
    const next = scoreRisk(
      [
        { kind: 'survey', survey: 'nps', score: 2, at: '2026-01-10T10:00:00Z' },
        { kind: 'refund', order_id: 'o-1', at: '2026-01-10T11:00:00Z' },
      ],
      defaultRiskModel,
      now,
    );
    expect(next.level).toBe('critical');
    const data = riskChangedData({ score: 50, level: 'high' }, next, { eventId: 'evt_1', eventType: 'order.refunded' });
    expect(data).toMatchObject({
      score: 100,
      level: 'high',
      risk_level: 'critical',
      previous_score: 50,
      previous_level: 'high',
      event_id: 'evt_1',
      trigger: 'event',
    });
    expect(data.factors?.map((factor) => factor.code)).toEqual(['detractor', 'refund_requested']);
  });
});

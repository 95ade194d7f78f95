import { ContractError, ContractErrorCode } from './contract-error';
import { RESERVED_EVENT_TYPES, type ReservedEvent } from './event-types';
import { makeEvent } from './make-event';
import { validateEvent } from './event-validator';
import { SAMPLE_EVENT_DATA, sampleEvent } from './sample-events';

const options = { id: 'evt_1', time: '2025-03-14T09:30:00Z' };

describe('makeEvent', () => {
  it('builds an activity event with source postventa', () => {
    const event = makeEvent('journey.entered', 'cus_1', SAMPLE_EVENT_DATA['journey.entered'], options);
    expect(event).toEqual({
      specversion: '1.0',
      id: 'evt_1',
      source: 'postventa',
      type: 'journey.entered',
      time: '2025-03-14T09:30:00Z',
      subject: 'cus_1',
      datacontenttype: 'application/json',
      data: SAMPLE_EVENT_DATA['journey.entered'],
    });
    expect(event.data.flow.version).toBe(3);
  });

  it('takes source, dataschema and extensions', () => {
    const event = makeEvent('review.posted', 'cus_1', { rating: 5 }, {
      ...options,
      source: '/gateway',
      dataschema: 'https://postventa.dev/schemas/events/review.posted.json',
      extensions: { traceparent: '00-abc-01' },
    });
    expect(event).toMatchObject({ source: '/gateway', dataschema: expect.any(String), traceparent: '00-abc-01' });
  });

  it('cannot override context attributes through extensions', () => {
    const event = makeEvent('review.posted', 'cus_1', {}, { ...options, extensions: { subject: 'other', id: 'x' } });
    expect(event).toMatchObject({ subject: 'cus_1', id: 'evt_1' });
  });

  it('throws a ContractError for an invalid event', () => {
    const build = () => makeEvent('survey.answered', 'cus_1', { ...SAMPLE_EVENT_DATA['survey.answered'], score: 11 }, options);
    expect(build).toThrow(ContractError);
    try {
      build();
    } catch (e) {
      expect(e).toMatchObject({ code: ContractErrorCode.SchemaViolation, path: 'data.score', area: 'contracts' });
      expect((e as ContractError).toViolation().code).toBe('SCHEMA_VIOLATION');
    }
  });

  it('throws MISSING_SUBJECT for an empty subject', () => {
    expect(() => makeEvent('order.placed', '', SAMPLE_EVENT_DATA['order.placed'], options)).toThrow(
      expect.objectContaining({ code: ContractErrorCode.MissingSubject }),
    );
  });
});

describe('sampleEvent', () => {
  it.each(RESERVED_EVENT_TYPES.map((type) => [type]))('builds a valid, deterministic %s', (type) => {
    const event = sampleEvent(type);
    expect(validateEvent(event).ok).toBe(true);
    expect(sampleEvent(type)).toEqual(event);
    expect(event.id).toBe(`evt_sample_${type}`);
  });

  it('applies overrides and returns fresh copies', () => {
    const event = sampleEvent('order.shipped', { id: 'e2', subject: 'cus_2', data: { carrier: 'FedEx' } });
    expect(event).toMatchObject({ id: 'e2', subject: 'cus_2', data: { carrier: 'FedEx', order_id: 'ord_1001' } });
    event.data.items?.pop();
    expect(sampleEvent('order.shipped').data.items).toHaveLength(2);
  });

  it('narrows data by type in a switch', () => {
    const describe = (event: ReservedEvent): string => {
      switch (event.type) {
        case 'survey.answered':
          return `${event.data.kind}:${event.data.score}`;
        case 'order.refunded':
          return String(event.data.amount);
        default:
          return event.type;
      }
    };
    expect(describe(sampleEvent('survey.answered'))).toBe('nps:9');
    expect(describe(sampleEvent('order.refunded'))).toBe('19');
  });
});

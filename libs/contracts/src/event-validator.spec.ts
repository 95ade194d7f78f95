import { ContractErrorCode } from './contract-error';
import { eventExtensions } from './event-envelope.schema';
import { isEventOfType } from './event-types';
import { checkEventValue, validateEvent } from './event-validator';
import { MAX_EVENT_BYTES } from './json-payload';
import { SAMPLE_EVENT_DATA, sampleEvent } from './sample-events';

const base = (): Record<string, unknown> => ({ ...sampleEvent('order.placed') });

function without(key: string): Record<string, unknown> {
  const event = base();
  delete event[key];
  return event;
}

describe('validateEvent', () => {
  it('accepts a valid event and returns it parsed', () => {
    const result = validateEvent(base());
    expect(result.ok).toBe(true);
    if (result.ok && isEventOfType(result.event, 'order.placed')) {
      expect(result.event.data.order_id).toBe('ord_1001');
      expect(result.event.datacontenttype).toBe('application/json');
    }
  });

  it('defaults datacontenttype to application/json', () => {
    const result = validateEvent(without('datacontenttype'));
    expect(result.ok && result.event.datacontenttype).toBe('application/json');
  });

  it('accepts JSON text and bytes', () => {
    const text = JSON.stringify(base());
    expect(validateEvent(text).ok).toBe(true);
    expect(validateEvent(Buffer.from(text)).ok).toBe(true);
  });

  it('accepts unknown but well-formed types with any object data', () => {
    const event = { ...base(), type: 'com.acme.subscription.renewed', data: { plan: 'gold', anything: [1, 2] } };
    expect(validateEvent(event)).toMatchObject({ ok: true, event: { type: 'com.acme.subscription.renewed' } });
  });

  it('accepts unknown types with empty data', () => {
    expect(validateEvent({ ...base(), type: 'review.posted', data: {} }).ok).toBe(true);
  });

  it('keeps extension attributes', () => {
    const result = validateEvent({ ...base(), traceparent: '00-abc-def-01', partitionkey: 'cus_1', retries: 2, test: true });
    expect(result.ok && eventExtensions(result.event)).toEqual({
      traceparent: '00-abc-def-01',
      partitionkey: 'cus_1',
      retries: 2,
      test: true,
    });
  });

  it('treats null attributes as absent', () => {
    expect(validateEvent({ ...base(), dataschema: null, datacontenttype: null }).ok).toBe(true);
    expect(validateEvent({ ...base(), subject: null })).toMatchObject({
      ok: false,
      error: { code: ContractErrorCode.MissingSubject },
    });
  });

  type Case = [label: string, input: unknown, code: ContractErrorCode, path: string];
  const big = JSON.stringify({ ...base(), data: { ...SAMPLE_EVENT_DATA['order.placed'], note: 'x'.repeat(MAX_EVENT_BYTES) } });
  const cases: Case[] = [
    ['not JSON text', '{"specversion": "1.0",', ContractErrorCode.NotJson, ''],
    ['empty text', '  ', ContractErrorCode.NotJson, ''],
    ['invalid UTF-8 bytes', Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), ContractErrorCode.NotJson, ''],
    ['JSON array', '[1,2]', ContractErrorCode.NotCloudEvent, ''],
    ['JSON string', '"order.placed"', ContractErrorCode.NotCloudEvent, ''],
    ['null', null, ContractErrorCode.NotCloudEvent, ''],
    ['no specversion', without('specversion'), ContractErrorCode.NotCloudEvent, 'specversion'],
    ['specversion 0.3', { ...base(), specversion: '0.3' }, ContractErrorCode.NotCloudEvent, 'specversion'],
    ['specversion as number', { ...base(), specversion: 1.0 }, ContractErrorCode.NotCloudEvent, 'specversion'],
    ['no id', without('id'), ContractErrorCode.NotCloudEvent, 'id'],
    ['no source', without('source'), ContractErrorCode.NotCloudEvent, 'source'],
    ['no type', without('type'), ContractErrorCode.NotCloudEvent, 'type'],
    ['no subject', without('subject'), ContractErrorCode.MissingSubject, 'subject'],
    ['empty subject', { ...base(), subject: '' }, ContractErrorCode.MissingSubject, 'subject'],
    ['blank subject', { ...base(), subject: '   ' }, ContractErrorCode.MissingSubject, 'subject'],
    ['subject too long', { ...base(), subject: 'c'.repeat(257) }, ContractErrorCode.SchemaViolation, 'subject'],
    ['subject as number', { ...base(), subject: 42 }, ContractErrorCode.SchemaViolation, 'subject'],
    ['no time', without('time'), ContractErrorCode.SchemaViolation, 'time'],
    ['time without zone', { ...base(), time: '2025-03-14T09:30:00' }, ContractErrorCode.SchemaViolation, 'time'],
    ['time without seconds', { ...base(), time: '2025-03-14T09:30Z' }, ContractErrorCode.SchemaViolation, 'time'],
    ['time on 30 February', { ...base(), time: '2025-02-30T09:30:00Z' }, ContractErrorCode.SchemaViolation, 'time'],
    ['time as epoch', { ...base(), time: 1741944600 }, ContractErrorCode.SchemaViolation, 'time'],
    ['empty id', { ...base(), id: '' }, ContractErrorCode.SchemaViolation, 'id'],
    ['id too long', { ...base(), id: 'e'.repeat(257) }, ContractErrorCode.SchemaViolation, 'id'],
    ['empty source', { ...base(), source: '' }, ContractErrorCode.SchemaViolation, 'source'],
    ['source with spaces', { ...base(), source: 'my shop' }, ContractErrorCode.SchemaViolation, 'source'],
    ['uppercase type', { ...base(), type: 'Order.Placed' }, ContractErrorCode.SchemaViolation, 'type'],
    ['single-segment type', { ...base(), type: 'orderplaced' }, ContractErrorCode.SchemaViolation, 'type'],
    ['type with spaces', { ...base(), type: 'order placed' }, ContractErrorCode.SchemaViolation, 'type'],
    ['relative dataschema', { ...base(), dataschema: 'schemas/order.json' }, ContractErrorCode.SchemaViolation, 'dataschema'],
    ['no data', without('data'), ContractErrorCode.SchemaViolation, 'data'],
    ['data as string', { ...base(), data: 'hello' }, ContractErrorCode.SchemaViolation, 'data'],
    ['extension with uppercase name', { ...base(), traceParent: 'x' }, ContractErrorCode.SchemaViolation, 'traceParent'],
    ['extension with dash', { ...base(), 'trace-id': 'x' }, ContractErrorCode.SchemaViolation, '["trace-id"]'],
    ['extension with object value', { ...base(), meta: { a: 1 } }, ContractErrorCode.SchemaViolation, 'meta'],
    ['xml datacontenttype', { ...base(), datacontenttype: 'application/xml' }, ContractErrorCode.UnsupportedContentType, 'datacontenttype'],
    ['data_base64', { ...base(), data_base64: 'e30=' }, ContractErrorCode.UnsupportedContentType, 'data_base64'],
    ['too large', big, ContractErrorCode.TooLarge, ''],
    ['reserved data invalid', { ...base(), data: { order_id: 'o', items: [{ sku: 'a', name: 'b', quantity: 0, unit_price: 1 }] } }, ContractErrorCode.SchemaViolation, 'data.items[0].quantity'],
  ];

  it.each(cases)('%s → %s at "%s"', (_label, input, code, path) => {
    const result = validateEvent(input);
    expect(result).toMatchObject({ ok: false, error: { code, path } });
    if (!result.ok) {
      expect(result.error.message.length).toBeGreaterThan(10);
      expect(result.error.issues[0]).toEqual({ path: result.error.path, message: result.error.message });
    }
  });

  it('applies a custom size limit to text input', () => {
    const text = JSON.stringify(base());
    expect(validateEvent(text, { maxBytes: 100 })).toMatchObject({ ok: false, error: { code: ContractErrorCode.TooLarge } });
    expect(validateEvent(text, { maxBytes: Buffer.byteLength(text) }).ok).toBe(true);
  });

  it('counts UTF-8 bytes, not characters', () => {
    const text = JSON.stringify({ ...base(), data: { ...SAMPLE_EVENT_DATA['order.placed'], note: 'ñ'.repeat(100) } });
    expect(validateEvent(text, { maxBytes: text.length }).ok).toBe(false);
    expect(validateEvent(text, { maxBytes: Buffer.byteLength(text) }).ok).toBe(true);
  });

  it('reports every issue, the first one in message and path', () => {
    const result = validateEvent({ ...base(), time: 'now', data: { items: [] } });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.issues.map((i) => i.path)).toEqual(['time', 'data.order_id']);
      expect(result.error.path).toBe('time');
    }
  });

  it('never echoes field values in messages', () => {
    const result = validateEvent({ ...base(), data: { order_id: 'o', customer: { email: 'secret-person@@example' } } });
    expect(!result.ok && result.error.message).toBe('data.customer.email must be a valid email address');
  });

  it('explains bad extension values', () => {
    const result = validateEvent({ ...base(), meta: { a: 1 } });
    expect(!result.ok && result.error.message).toBe(
      'meta must be a string, an integer or a boolean (a CloudEvents extension attribute)',
    );
  });

  it('does not mutate its input', () => {
    const input = { ...base(), dataschema: null };
    const copy = structuredClone(input);
    validateEvent(input);
    expect(input).toEqual(copy);
  });
});

describe('validateEvent — what PostgreSQL can store', () => {
  type Case = [label: string, input: unknown, code: ContractErrorCode, path: string];
  const cases: Case[] = [
    ['NUL in a data string', { ...base(), data: { order_id: 'o\u0000' } }, ContractErrorCode.InvalidText, 'data.order_id'],
    ['a lone surrogate in the id', { ...base(), id: 'evt_\ud800' }, ContractErrorCode.InvalidText, 'id'],
    ['a lone surrogate in a nested key', { ...base(), data: { order_id: 'o', extra: { ['\udc00']: 1 } } }, ContractErrorCode.InvalidText, 'data.extra'],
    ['a lone surrogate in JSON text', JSON.stringify(base()).replace('ord_1001', '\\ud800'), ContractErrorCode.InvalidText, 'data.order_id'],
    ['NUL in an extension attribute', { ...base(), tenant: 'a\u0000' }, ContractErrorCode.InvalidText, 'tenant'],
    ['an unsafe integer in an extension attribute', { ...base(), sequence: 2 ** 60 }, ContractErrorCode.UnsafeNumber, 'sequence'],
    ['an unsafe integer in an item', { ...base(), data: { order_id: 'o', items: [{ sku: 'x', name: 'x', quantity: 2 ** 53, unit_price: 1 }] } }, ContractErrorCode.UnsafeNumber, 'data.items[0].quantity'],
    ['1e400 in JSON text', JSON.stringify(base()).replace('"total":131.31', '"total":1e400'), ContractErrorCode.UnsafeNumber, 'data.total'],
    ['data 33 levels deep as a value', { ...base(), data: { order_id: 'o', x: JSON.parse('['.repeat(31) + ']'.repeat(31)) } }, ContractErrorCode.TooDeep, `data.x${'[0]'.repeat(30)}`],
    ['3,000-deep data as JSON text', JSON.stringify({ ...base(), data: { order_id: 'o', x: '@' } }).replace('"@"', '['.repeat(3000) + ']'.repeat(3000)), ContractErrorCode.TooDeep, `data.x${'[0]'.repeat(30)}`],
    ['time in year 0', { ...base(), time: '0000-01-01T00:00:00Z' }, ContractErrorCode.SchemaViolation, 'time'],
    ['time just before 1970', { ...base(), time: '1969-12-31T23:59:59Z' }, ContractErrorCode.SchemaViolation, 'time'],
    ['time 1970 by the clock but 1969 in UTC', { ...base(), time: '1970-01-01T00:30:00+01:00' }, ContractErrorCode.SchemaViolation, 'time'],
    ['time in 2100', { ...base(), time: '2100-01-01T00:00:00Z' }, ContractErrorCode.SchemaViolation, 'time'],
    ['time in year 9999', { ...base(), time: '9999-12-31T23:59:59Z' }, ContractErrorCode.SchemaViolation, 'time'],
    ['a data timestamp out of range', { ...sampleEvent('order.shipped'), data: { ...SAMPLE_EVENT_DATA['order.shipped'], shipped_at: '1900-01-01T00:00:00Z' } }, ContractErrorCode.SchemaViolation, 'data.shipped_at'],
    ['a data date out of range', { ...sampleEvent('order.shipped'), data: { ...SAMPLE_EVENT_DATA['order.shipped'], estimated_delivery: '2100-01-01' } }, ContractErrorCode.SchemaViolation, 'data.estimated_delivery'],
    ['a JSON string as text', JSON.stringify('hello'), ContractErrorCode.NotCloudEvent, ''],
    ['a JSON string holding an event', JSON.stringify(JSON.stringify(base())), ContractErrorCode.NotCloudEvent, ''],
  ];

  it.each(cases)('%s → %s at "%s"', (_label, input, code, path) => {
    expect(validateEvent(input)).toMatchObject({ ok: false, error: { code, path } });
  });

  it.each([
    ['the first instant', '1970-01-01T00:00:00Z'],
    ['the last instant', '2099-12-31T23:59:59.999999999Z'],
    ['an offset that stays inside', '2099-12-31T23:30:00+01:00'],
  ])('accepts %s (%s)', (_label, time) => {
    expect(validateEvent({ ...base(), time })).toMatchObject({ ok: true });
  });

  it('accepts emoji, 32 levels and the largest safe integer', () => {
    const event = { ...base(), sequence: Number.MAX_SAFE_INTEGER, data: { order_id: '😀', x: JSON.parse('['.repeat(30) + ']'.repeat(30)), n: -Number.MAX_SAFE_INTEGER } };
    expect(validateEvent(event)).toMatchObject({ ok: true });
    expect(validateEvent(JSON.stringify(event))).toMatchObject({ ok: true });
  });

  it('says what is wrong without echoing the value', () => {
    const result = validateEvent({ ...base(), time: '0000-01-01T00:00:00Z' });
    expect(!result.ok && result.error.message).toBe('time must be on or after 1970-01-01T00:00:00Z and before 2100-01-01T00:00:00Z');
    const text = validateEvent({ ...base(), data: { order_id: 'secret\u0000' } });
    expect(!text.ok && text.error.message).toBe(
      'data.order_id holds a NUL character (U+0000) or an unpaired UTF-16 surrogate, which cannot be stored',
    );
  });
});

describe('checkEventValue', () => {
  it('takes a string as a JSON string (not an event), never as JSON text', () => {
    expect(checkEventValue('hello')).toMatchObject({ ok: false, error: { code: ContractErrorCode.NotCloudEvent } });
    expect(checkEventValue(JSON.stringify(base()))).toMatchObject({ ok: false, error: { code: ContractErrorCode.NotCloudEvent } });
    expect(checkEventValue(base())).toMatchObject({ ok: true });
  });
});

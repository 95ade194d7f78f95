import fc from 'fast-check';
import { ContractErrorCode } from './contract-error';
import { type EventMessage, parseEventMessage } from './event-parser';
import { MAX_EVENT_BYTES } from './json-payload';
import { RESERVED_EVENT_TYPES } from './event-types';
import { SAMPLE_CUSTOMER_ID, sampleEvent } from './sample-events';

const limits = { maxBytes: MAX_EVENT_BYTES };
const event = sampleEvent('order.placed');

function binaryHeaders(overrides: Record<string, string | Buffer | undefined> = {}): EventMessage['headers'] {
  return {
    ce_specversion: Buffer.from('1.0'),
    ce_id: Buffer.from(event.id),
    ce_type: Buffer.from(event.type),
    ce_source: Buffer.from(event.source),
    ce_time: Buffer.from(event.time),
    ce_subject: Buffer.from(event.subject),
    'content-type': Buffer.from('application/json'),
    ...overrides,
  };
}

function binaryMessage(overrides: Record<string, string | Buffer | undefined> = {}, data: unknown = event.data): EventMessage {
  return { key: Buffer.from(SAMPLE_CUSTOMER_ID), value: Buffer.from(JSON.stringify(data)), headers: binaryHeaders(overrides) };
}

describe('parseEventMessage — structured mode', () => {
  it('reads application/cloudevents+json', () => {
    const result = parseEventMessage(
      { value: Buffer.from(JSON.stringify(event)), headers: { 'content-type': Buffer.from('application/cloudevents+json; charset=utf-8') } },
      limits,
    );
    expect(result).toMatchObject({ ok: true, mode: 'structured', event: { id: event.id, data: event.data } });
  });

  it('reads a JSON body with specversion and no content type', () => {
    const result = parseEventMessage({ value: JSON.stringify(event), headers: {} }, limits);
    expect(result).toMatchObject({ ok: true, mode: 'structured' });
  });

  it('reads a JSON body with specversion and content-type application/json', () => {
    const result = parseEventMessage({ value: JSON.stringify(event), headers: { 'content-type': 'application/json' } }, limits);
    expect(result).toMatchObject({ ok: true, mode: 'structured' });
  });

  it('matches header names case-insensitively', () => {
    const result = parseEventMessage({ value: JSON.stringify(event), headers: { 'Content-Type': 'Application/CloudEvents+JSON' } }, limits);
    expect(result).toMatchObject({ ok: true, mode: 'structured' });
  });

  it('prefers the structured content type over ce_ headers', () => {
    const result = parseEventMessage(
      { value: JSON.stringify(event), headers: { ...binaryHeaders({ ce_id: 'other' }), 'content-type': 'application/cloudevents+json' } },
      limits,
    );
    expect(result).toMatchObject({ ok: true, mode: 'structured', event: { id: event.id } });
  });

  it('works without headers at all', () => {
    expect(parseEventMessage({ value: JSON.stringify(event) }, limits)).toMatchObject({ ok: true });
  });
});

describe('parseEventMessage — binary mode', () => {
  it('reads ce_ headers and the data body', () => {
    const result = parseEventMessage(binaryMessage(), limits);
    expect(result).toMatchObject({
      ok: true,
      mode: 'binary',
      event: { specversion: '1.0', id: event.id, type: 'order.placed', subject: SAMPLE_CUSTOMER_ID, datacontenttype: 'application/json', data: event.data },
    });
  });

  it('accepts string headers, array headers (first wins) and extensions', () => {
    const result = parseEventMessage(
      {
        value: JSON.stringify(event.data),
        headers: { ...binaryHeaders(), ce_id: [Buffer.from('first'), Buffer.from('second')], ce_traceparent: '00-abc-01', ce_dataschema: 'https://x.example.com/s.json' },
      },
      limits,
    );
    expect(result).toMatchObject({ ok: true, event: { id: 'first', traceparent: '00-abc-01', dataschema: 'https://x.example.com/s.json' } });
  });

  it('defaults datacontenttype when there is no content-type header', () => {
    const result = parseEventMessage(binaryMessage({ 'content-type': undefined }), limits);
    expect(result).toMatchObject({ ok: true, event: { datacontenttype: 'application/json' } });
  });

  it('ignores binary headers that are not part of the binding', () => {
    const result = parseEventMessage(
      { ...binaryMessage(), headers: { ...binaryHeaders(), 'x-trace': Buffer.from([0xff, 0xfe]) } },
      limits,
    );
    expect(result.ok).toBe(true);
  });

  it('reads the same event in both modes', () => {
    fc.assert(
      fc.property(fc.constantFrom(...RESERVED_EVENT_TYPES), (type) => {
        const e = sampleEvent(type);
        const structured = parseEventMessage({ value: JSON.stringify(e), headers: {} }, limits);
        const binary = parseEventMessage(
          {
            value: JSON.stringify(e.data),
            headers: { ce_specversion: '1.0', ce_id: e.id, ce_type: e.type, ce_source: e.source, ce_time: e.time, ce_subject: e.subject },
          },
          limits,
        );
        expect(structured.ok && binary.ok).toBe(true);
        if (structured.ok && binary.ok) expect(binary.event).toEqual(structured.event);
      }),
    );
  });
});

const CE_JSON = { 'content-type': 'application/cloudevents+json' };
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

/** The sample event as JSON text with raw JSON text in some data fields (what JSON.stringify would not write). */
function poison(raw: Record<string, string>): string {
  const marked = { ...event, data: { ...event.data, ...Object.fromEntries(Object.keys(raw).map((k) => [k, `@@${k}@@`])) } };
  let text = JSON.stringify(marked);
  for (const [k, v] of Object.entries(raw)) text = text.replace(`"@@${k}@@"`, v);
  return text;
}

describe('parseEventMessage — limits of what can be stored', () => {
  it('accepts data exactly 31 deep in binary mode (32 with the event) and in structured mode', () => {
    const deepest = `{"order_id":"o","x":${nested(30)}}`;
    expect(parseEventMessage({ ...binaryMessage(), value: deepest }, limits)).toMatchObject({ ok: true });
    expect(parseEventMessage({ value: poison({ note: nested(30) }), headers: {} }, limits)).toMatchObject({ ok: true });
    expect(parseEventMessage({ value: poison({ note: nested(31) }), headers: {} }, limits)).toMatchObject({ ok: false, error: { code: 'TOO_DEEP' } });
  });

  it('accepts emoji (surrogate pairs) and the largest safe integers', () => {
    const result = parseEventMessage({ value: poison({ note: '"ok 😀 \\ud83d\\ude00"', n: String(Number.MAX_SAFE_INTEGER), m: '-9007199254740991' }), headers: {} }, limits);
    expect(result).toMatchObject({ ok: true, event: { data: { note: 'ok 😀 😀', n: Number.MAX_SAFE_INTEGER } } });
  });
});

describe('parseEventMessage — errors', () => {
  type Case = [label: string, message: EventMessage, code: ContractErrorCode, path: string];
  const cases: Case[] = [
    ['structured body not JSON', { value: 'nope', headers: { 'content-type': 'application/cloudevents+json' } }, ContractErrorCode.NotJson, ''],
    ['structured body empty', { value: null, headers: { 'content-type': 'application/cloudevents+json' } }, ContractErrorCode.NotJson, ''],
    ['no content type, not JSON', { value: 'order placed!', headers: {} }, ContractErrorCode.NotJson, ''],
    ['JSON without specversion', { value: JSON.stringify({ order_id: 'o' }), headers: {} }, ContractErrorCode.NotCloudEvent, ''],
    ['JSON array', { value: '[]', headers: {} }, ContractErrorCode.NotCloudEvent, ''],
    ['null value, no headers', { value: null, headers: {} }, ContractErrorCode.NotCloudEvent, ''],
    ['batch format', { value: '[]', headers: { 'content-type': 'application/cloudevents-batch+json' } }, ContractErrorCode.UnsupportedContentType, ''],
    ['avro event format', { value: 'x', headers: { 'content-type': 'application/cloudevents+avro' } }, ContractErrorCode.UnsupportedContentType, ''],
    ['plain text body', { value: 'x', headers: { 'content-type': 'text/plain' } }, ContractErrorCode.UnsupportedContentType, ''],
    ['binary xml data', binaryMessage({ 'content-type': 'application/xml' }), ContractErrorCode.UnsupportedContentType, 'datacontenttype'],
    ['binary data not JSON', { ...binaryMessage(), value: '<order/>' }, ContractErrorCode.NotJson, 'data'],
    ['binary without data', { ...binaryMessage(), value: null }, ContractErrorCode.SchemaViolation, 'data'],
    ['binary without ce_subject', binaryMessage({ ce_subject: undefined }), ContractErrorCode.MissingSubject, 'subject'],
    ['binary without ce_id', binaryMessage({ ce_id: undefined }), ContractErrorCode.NotCloudEvent, 'id'],
    ['binary specversion 0.3', binaryMessage({ ce_specversion: '0.3' }), ContractErrorCode.NotCloudEvent, 'specversion'],
    ['binary bad time', binaryMessage({ ce_time: 'yesterday' }), ContractErrorCode.SchemaViolation, 'time'],
    ['binary invalid data', binaryMessage({}, { order_id: '' }), ContractErrorCode.SchemaViolation, 'data.order_id'],
    ['binary header not UTF-8', binaryMessage({ ce_subject: Buffer.from([0xff]) }), ContractErrorCode.NotCloudEvent, 'ce_subject'],
    ['structured without subject', { value: JSON.stringify({ ...event, subject: undefined }), headers: {} }, ContractErrorCode.MissingSubject, 'subject'],
    // JSON, just not an event: never parsed a second time as JSON text.
    ['structured JSON string', { value: JSON.stringify('hello'), headers: CE_JSON }, ContractErrorCode.NotCloudEvent, ''],
    ['structured JSON string holding an event', { value: JSON.stringify(JSON.stringify(event)), headers: CE_JSON }, ContractErrorCode.NotCloudEvent, ''],
    ['structured JSON number', { value: '42', headers: CE_JSON }, ContractErrorCode.NotCloudEvent, ''],
    ['structured JSON null', { value: 'null', headers: CE_JSON }, ContractErrorCode.NotCloudEvent, ''],
    ['structured NUL in data', { value: poison({ note: '"a\\u0000b"' }), headers: CE_JSON }, ContractErrorCode.InvalidText, 'data.note'],
    ['structured lone surrogate in data', { value: poison({ note: '"\\ud800"' }), headers: {} }, ContractErrorCode.InvalidText, 'data.note'],
    ['structured lone surrogate in a key', { value: poison({ note: '{"\\udc00":1}' }), headers: {} }, ContractErrorCode.InvalidText, 'data.note'],
    ['structured NUL in subject', { value: JSON.stringify({ ...event, subject: 'cus\u0000' }), headers: {} }, ContractErrorCode.InvalidText, 'subject'],
    ['structured time in year 0', { value: JSON.stringify({ ...event, time: '0000-01-01T00:00:00Z' }), headers: {} }, ContractErrorCode.SchemaViolation, 'time'],
    ['structured 100,000-deep data', { value: poison({ note: nested(100_000) }), headers: CE_JSON }, ContractErrorCode.TooDeep, `data.note${'[0]'.repeat(30)}`],
    ['structured unsafe integer', { value: poison({ note: '123456789012345678901234567890' }), headers: {} }, ContractErrorCode.UnsafeNumber, 'data.note'],
    ['structured 1e400', { value: poison({ note: '1e400' }), headers: {} }, ContractErrorCode.UnsafeNumber, 'data.note'],
    ['binary NUL in a header', binaryMessage({ ce_subject: Buffer.from('cus\u0000') }), ContractErrorCode.InvalidText, 'subject'],
    ['binary year 2100', binaryMessage({ ce_time: '2100-01-01T00:00:00Z' }), ContractErrorCode.SchemaViolation, 'time'],
    ['binary lone surrogate in data', { ...binaryMessage(), value: '{"order_id":"o","x":"\\ud800"}' }, ContractErrorCode.InvalidText, 'data.x'],
    ['binary data 32 deep (33 with the event)', { ...binaryMessage(), value: `{"order_id":"o","x":${nested(31)}}` }, ContractErrorCode.TooDeep, `data.x${'[0]'.repeat(30)}`],
    ['binary 100,000-deep data', { ...binaryMessage(), value: nested(100_000) }, ContractErrorCode.TooDeep, `data${'[0]'.repeat(31)}`],
  ];

  // Titles name the label, code and path (the message itself can be 200 KB).
  it.each(cases.map(([label, message, code, path]) => [label, code, path, message] as const))('%s → %s at "%s"', (_label, code, path, message) => {
    expect(parseEventMessage(message, limits)).toMatchObject({ ok: false, error: { code, path } });
  });

  it('names the Kafka header in binary-mode messages', () => {
    const result = parseEventMessage(binaryMessage({ ce_subject: undefined }), limits);
    expect(!result.ok && result.error.message).toBe('subject is required: set it to the customer id (Kafka header ce_subject)');
    const bad = parseEventMessage(binaryMessage({ ce_time: 'yesterday' }), limits);
    expect(!bad.ok && bad.error.message).toMatch(/\(Kafka header ce_time\)$/);
  });

  it('rejects a value over the limit as TOO_LARGE', () => {
    const value = Buffer.alloc(1024, 0x20);
    const result = parseEventMessage({ value, headers: {} }, { maxBytes: 1000 });
    expect(result).toMatchObject({ ok: false, error: { code: ContractErrorCode.TooLarge, path: '' } });
    expect(!result.ok && result.error.message).toBe('The message is 1024 bytes, over the limit of 1000 bytes');
  });

  it('counts headers in the size', () => {
    const message = binaryMessage();
    const valueSize = (message.value as Buffer).byteLength;
    expect(parseEventMessage(message, { maxBytes: valueSize }).ok).toBe(false);
    expect(parseEventMessage(message, { maxBytes: valueSize + 1000 }).ok).toBe(true);
  });

  it('uses MAX_EVENT_BYTES by default', () => {
    const result = parseEventMessage({ value: Buffer.alloc(MAX_EVENT_BYTES + 1, 0x20), headers: {} });
    expect(result).toMatchObject({ ok: false, error: { code: ContractErrorCode.TooLarge } });
  });
});

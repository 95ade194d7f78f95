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
  ];

  it.each(cases)('%s → %s at "%s"', (_label, message, code, path) => {
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

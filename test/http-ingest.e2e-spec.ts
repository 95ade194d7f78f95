import { sampleEvent } from '@postventa/contracts';
import { RunningApp, signPayload } from '@postventa/platform';
import { gatewayApp } from '../apps/gateway/src/gateway.module';
import { testKafka, uniqueName } from './support/kafka';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { isolatedTopics, startTestApp } from './support/test-apps';

const API_KEY = 'test-key-0123456789abcdef';
const SECRET = 'test-secret-0123456789abcdef';

describe('HTTP ingest: POST /v1/events (real gateway, real broker)', () => {
  let db: TestDatabase;
  let gateway: RunningApp;
  const topics = isolatedTopics();

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    gateway = await startTestApp(gatewayApp, {
      ...topics,
      DATABASE_URL: db.url,
      INGEST_API_KEYS: API_KEY,
      INGEST_HMAC_SECRET: SECRET,
      INGEST_MAX_BATCH: '10',
      MAX_EVENT_BYTES: '4096',
    });
  });
  afterAll(async () => {
    await gateway?.app.close();
    await db?.drop();
  });

  const post = (body: string, headers: Record<string, string>) =>
    fetch(`${gateway.url}/v1/events`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/cloudevents+json', ...headers },
    });
  const signed = (body: string, at = Math.floor(Date.now() / 1000)) => ({
    'x-postventa-signature': signPayload(SECRET, body, at),
  });
  const event = (id: string, subject = 'cus_http_1') => sampleEvent('order.delivered', { id, subject });

  it('accepts a signed event after the broker has it, on its topic keyed by customer id', async () => {
    const body = JSON.stringify(event('evt_http_1'));
    const response = await post(body, signed(body));
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ status: 'accepted', id: 'evt_http_1' });

    const consumer = testKafka().consumer({ groupId: uniqueName('test.http') });
    await consumer.connect();
    await consumer.subscribe({ topic: topics.TOPIC_COMMERCE, fromBeginning: true });
    const message = await new Promise<{ key: string; value: { id: string; type: string } }>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message: m }) =>
          resolve({ key: m.key!.toString(), value: JSON.parse(m.value!.toString()) }),
      });
    });
    await consumer.disconnect();
    expect(message).toMatchObject({ key: 'cus_http_1', value: { id: 'evt_http_1', type: 'order.delivered' } });
  });

  it('accepts an API key', async () => {
    const response = await post(JSON.stringify(event('evt_http_2')), { authorization: `Bearer ${API_KEY}` });
    expect(response.status).toBe(202);
  });

  it.each([
    [
      'a wrong signature',
      (body: string) => ({
        'x-postventa-signature': signPayload('another-secret-0123456789', body, Math.floor(Date.now() / 1000)),
      }),
      'INGEST_SIGNATURE_INVALID',
    ],
    [
      'a stale timestamp',
      (body: string) => signed(body, Math.floor(Date.now() / 1000) - 600),
      'INGEST_SIGNATURE_EXPIRED',
    ],
    ['no key', () => ({}), 'INGEST_UNAUTHORIZED'],
    ['a wrong key', () => ({ authorization: 'Bearer wrong-key-0123456789abcdef' }), 'INGEST_UNAUTHORIZED'],
  ])('answers 401 to %s, with a clear message', async (_case, headers, code) => {
    const body = JSON.stringify(event('evt_http_401'));
    const response = await post(body, headers(body));
    expect(response.status).toBe(401);
    const { error } = (await response.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe(code);
    expect(error.message.length).toBeGreaterThan(10);
  });

  it('answers 400 to a malformed body and 415 to a non-JSON content type', async () => {
    const body = '{"id": "evt_http_3", ';
    const malformed = await post(body, signed(body));
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { code: string } }).error.code).toBe('INGEST_MALFORMED_BODY');
    const text = await fetch(`${gateway.url}/v1/events`, {
      method: 'POST',
      body: 'hi',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${API_KEY}` },
    });
    expect(text.status).toBe(415);
  });

  it('answers 422 naming the field of a schema violation', async () => {
    const bad = { ...event('evt_http_4'), data: { ...event('evt_http_4').data, currency: 'euros' } };
    const body = JSON.stringify(bad);
    const response = await post(body, signed(body));
    expect(response.status).toBe(422);
    const { error } = (await response.json()) as { error: { code: string; path: string } };
    expect(error).toMatchObject({ code: 'SCHEMA_VIOLATION', path: 'data.currency' });
  });

  it('gives per-event results for a batch, publishing only the valid events', async () => {
    const batch = [event('evt_http_b1'), { ...event('evt_http_b2'), subject: '' }, event('evt_http_b3')];
    const body = JSON.stringify(batch);
    const response = await post(body, signed(body));
    expect(response.status).toBe(207);
    const result = (await response.json()) as {
      accepted: number;
      rejected: number;
      results: Array<{ index: number; status: string; error?: { code: string } }>;
    };
    expect(result).toMatchObject({ accepted: 2, rejected: 1 });
    expect(result.results.map((r) => r.status)).toEqual(['accepted', 'rejected', 'accepted']);
    expect(result.results[1].error?.code).toBe('MISSING_SUBJECT');
  });

  it('answers 413 to a batch over the limit and to an event over the size limit', async () => {
    const many = JSON.stringify(Array.from({ length: 11 }, (_, i) => event(`evt_http_many_${i}`)));
    expect((await post(many, signed(many))).status).toBe(413);
    const huge = JSON.stringify({
      ...event('evt_http_huge'),
      data: { ...event('evt_http_huge').data, note: 'x'.repeat(5000) },
    });
    const response = await post(huge, signed(huge));
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('TOO_LARGE');
  });
});

import { request as httpRequest } from 'node:http';
import { sampleEvent } from '@postventa/contracts';
import { RunningApp, signPayload } from '@postventa/platform';
import { gatewayApp } from '../apps/gateway/src/gateway.module';
import { testKafka } from './support/kafka';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { isolatedTopics, startTestApp } from './support/test-apps';

const KEY = 'hostile-key-0123456789abcdef';
const BURST_KEY = 'burst-key-0123456789abcdef';
const FEEDBACK_KEY = 'survey-tool-key-0123456789abcdef';
const SECRET = 'hostile-secret-0123456789abcdef';
const ADMIN_KEY = 'admin-key-0123456789abcdef';

type Results = {
  accepted: number;
  rejected: number;
  failed: number;
  results: Array<{ index: number; status: string; statusCode: number; error?: { code: string; path?: string } }>;
};

/** A ~10 KB valid order.delivered event. */
const bigEvent = (id: string, subject: string) => {
  const event = sampleEvent('order.delivered', { id, subject });
  return { ...event, data: { ...event.data, note: 'x'.repeat(10_000) } };
};

/** Messages on a topic; retried while a just-created topic has no leader yet. */
const topicCount = async (topic: string): Promise<number> => {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        const offsets = await admin.fetchTopicOffsets(topic);
        return offsets.reduce((sum, p) => sum + Number(p.high), 0);
      } catch (error) {
        if (attempt >= 50) throw error;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  } finally {
    await admin.disconnect();
  }
};

/**
 * Streams `total` bytes in 64 KiB writes, pausing whenever the socket is full, and stops as soon
 * as the answer arrives; says how many bytes were written by then.
 */
function postSlowly(
  url: string,
  headers: Record<string, string>,
  total: number,
): Promise<{ status: number; body: string; writtenBeforeAnswer: number }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(total), ...headers },
    });
    let written = 0;
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      const writtenBeforeAnswer = written;
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body, writtenBeforeAnswer });
      });
    });
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = () => {
      while (!answered && written < total) {
        written += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

describe('HTTP ingest under hostile and unusual input (real gateway, real broker)', () => {
  let db: TestDatabase;
  let gateway: RunningApp;
  const topics = isolatedTopics();
  let address = 0;
  /** Every test speaks from its own client address (X-Forwarded-For, trusted from loopback), so failure counts do not mix. */
  const from = () => ({ 'x-forwarded-for': `10.9.${Math.floor(++address / 250)}.${address % 250}` });

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    gateway = await startTestApp(gatewayApp, {
      ...topics,
      DATABASE_URL: db.url,
      INGEST_API_KEYS: `${KEY},${BURST_KEY}`,
      INGEST_FEEDBACK_API_KEYS: FEEDBACK_KEY,
      INGEST_HMAC_SECRET: SECRET,
      INGEST_MAX_BODY_BYTES: String(8 * 1024 * 1024),
      INGEST_RATE_LIMIT_PER_MINUTE: '40',
      ADMIN_API_KEYS: ADMIN_KEY,
      GATEWAY_TRUST_PROXY: 'loopback',
    });
  });
  afterAll(async () => {
    await gateway?.app.close();
    await db?.drop();
  });

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${gateway.url}/v1/events`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}`, ...from(), ...headers },
    });

  it('takes a valid 3 MB batch (300 events of 10 KB) whole or per event, never 5xx, and ingests normally right after', async () => {
    const before = await topicCount(topics.TOPIC_COMMERCE);
    const batch = Array.from({ length: 300 }, (_, i) => bigEvent(`evt_big_${i}`, `cus_big_${i % 3}`));
    const body = JSON.stringify(batch);
    expect(body.length).toBeGreaterThan(3_000_000);
    const response = await post(body);
    expect(response.status).toBeLessThan(500);
    const result = (await response.json()) as Results;
    if (response.status === 202) expect(result.accepted).toBe(300);
    else {
      expect([207, 413]).toContain(response.status);
      for (const r of result.results) expect(['accepted', 'rejected']).toContain(r.status);
    }
    // What was answered accepted is on the topic, and nothing else.
    expect((await topicCount(topics.TOPIC_COMMERCE)) - before).toBe(result.accepted);

    const next = await post(JSON.stringify(sampleEvent('order.placed', { id: 'evt_after_big', subject: 'cus_big_0' })));
    expect(next.status).toBe(202);
    const health = (await (await fetch(`${gateway.url}/health`)).json()) as {
      checks: Record<string, { status: string }>;
    };
    expect(health.checks.producer).toMatchObject({ status: 'up' });
  });

  it.each([
    ['timer.fired', 'INGEST_INTERNAL_EVENT_TYPE'],
    ['journey.entered', 'INGEST_INTERNAL_EVENT_TYPE'],
    ['email.opened', 'INGEST_INTERNAL_EVENT_TYPE'],
    ['email.sent', 'INGEST_INTERNAL_EVENT_TYPE'],
    ['customer.unsubscribed', 'INGEST_INTERNAL_EVENT_TYPE'],
    ['alert.raised', 'INGEST_INTERNAL_EVENT_TYPE'],
    ['risk.changed', 'INGEST_INTERNAL_EVENT_TYPE'],
    ['survey.answered', 'INGEST_FEEDBACK_NOT_ALLOWED'],
  ] as const)('refuses %s from a platform key with 403 %s', async (type, code) => {
    const response = await post(
      JSON.stringify(sampleEvent(type, { id: `evt_internal_${type}`, subject: 'cus_internal_1' })),
    );
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { code: string; path: string } }).error).toMatchObject({
      code,
      path: 'type',
    });
  });

  it('refuses internal types per event in a batch, publishing only the platform events; nothing reaches the internal topics', async () => {
    const batch = [
      sampleEvent('order.placed', { id: 'evt_mix_1', subject: 'cus_mix_1' }),
      sampleEvent('timer.fired', { id: 'evt_mix_2', subject: 'cus_mix_1' }),
      sampleEvent('survey.answered', { id: 'evt_mix_3', subject: 'cus_mix_2' }),
    ];
    const body = JSON.stringify(batch);
    const response = await post(body, {
      authorization: '',
      'x-postventa-signature': signPayload(SECRET, body, Math.floor(Date.now() / 1000)),
    });
    expect(response.status).toBe(207);
    const result = (await response.json()) as Results;
    expect(result.results.map((r) => [r.status, r.statusCode, r.error?.code])).toEqual([
      ['accepted', 202, undefined],
      ['rejected', 403, 'INGEST_INTERNAL_EVENT_TYPE'],
      ['rejected', 403, 'INGEST_FEEDBACK_NOT_ALLOWED'],
    ]);
    expect(await topicCount(topics.TOPIC_TIMERS)).toBe(0);
    expect(await topicCount(topics.TOPIC_FEEDBACK)).toBe(0);
  });

  it('takes survey answers from a key of INGEST_FEEDBACK_API_KEYS, but never timers', async () => {
    const answer = await post(
      JSON.stringify(sampleEvent('survey.answered', { id: 'evt_tool_1', subject: 'cus_tool_1' })),
      { authorization: `Bearer ${FEEDBACK_KEY}` },
    );
    expect(answer.status).toBe(202);
    const timer = await post(JSON.stringify(sampleEvent('timer.fired', { id: 'evt_tool_2', subject: 'cus_tool_1' })), {
      authorization: `Bearer ${FEEDBACK_KEY}`,
    });
    expect(timer.status).toBe(403);
  });

  it('answers 401 to a 20 MB body without a valid key before the client has sent it', async () => {
    const total = 20 * 1024 * 1024;
    const attempts: Array<Record<string, string>> = [{ authorization: 'Bearer wrong-key-0123456789abcdef' }, {}];
    for (const headers of attempts) {
      const answer = await postSlowly(`${gateway.url}/v1/events`, { ...headers, ...from() }, total);
      expect(answer.status).toBe(401);
      expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'INGEST_UNAUTHORIZED' } });
      expect(answer.writtenBeforeAnswer).toBeLessThan(total);
    }
  });

  it('answers 413 at once to a valid key announcing a body over INGEST_MAX_BODY_BYTES, and 401 to a stale signature before reading', async () => {
    const total = 20 * 1024 * 1024;
    const big = await postSlowly(`${gateway.url}/v1/events`, { authorization: `Bearer ${KEY}`, ...from() }, total);
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body)).toMatchObject({ error: { code: 'INGEST_BODY_TOO_LARGE' } });
    expect(big.writtenBeforeAnswer).toBeLessThan(total);
    const stale = await postSlowly(
      `${gateway.url}/v1/events`,
      { 'x-postventa-signature': signPayload(SECRET, 'x', Math.floor(Date.now() / 1000) - 3600), ...from() },
      total,
    );
    expect(stale.status).toBe(401);
    expect(stale.writtenBeforeAnswer).toBeLessThan(total);
  });

  it('answers 4xx naming the rule to JSON nested thousands deep, and refuses one too-deep event of a batch alone', async () => {
    const deep = `{"specversion":"1.0","id":"evt_deep","type":"order.placed","source":"shop","subject":"cus_deep","data":{"x":${'['.repeat(5000)}${']'.repeat(5000)}}}`;
    const response = await post(deep);
    expect(response.status).toBe(422);
    expect(((await response.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'INGEST_BODY_TOO_DEEP',
      message: expect.stringMatching(/nest/),
    });

    let nested: unknown = 1;
    for (let i = 0; i < 31; i++) nested = [nested];
    const tooDeep = {
      ...sampleEvent('order.placed', { id: 'evt_deep_2', subject: 'cus_deep' }),
      data: { order_id: 'o1', x: nested },
    };
    const batch = await post(
      JSON.stringify([sampleEvent('order.placed', { id: 'evt_deep_ok', subject: 'cus_deep' }), tooDeep]),
    );
    expect(batch.status).toBe(207);
    const result = (await batch.json()) as Results;
    expect(result.results.map((r) => [r.status, r.statusCode, r.error?.code])).toEqual([
      ['accepted', 202, undefined],
      ['rejected', 422, 'TOO_DEEP'],
    ]);
  });

  it('answers 429 with Retry-After after a burst of wrong ingest keys, even to the right key from that address', async () => {
    const client = from();
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      const response = await post('{}', { ...client, authorization: `Bearer wrong-${i}-0123456789abcdef` });
      statuses.push(response.status);
      if (response.status === 429) expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(21).every((s) => s === 429)).toBe(true);
    const right = await post(
      JSON.stringify(sampleEvent('order.placed', { id: 'evt_after_burst', subject: 'cus_burst' })),
      client,
    );
    expect(right.status).toBe(429);
    // Another address is not affected.
    expect(
      (await post(JSON.stringify(sampleEvent('order.placed', { id: 'evt_other_address', subject: 'cus_burst' }))))
        .status,
    ).toBe(202);
  });

  it('answers 429 to 600 wrong admin keys in a burst, and to wrong keys at the dashboard sign-in', async () => {
    const client = from();
    const responses = await Promise.all(
      Array.from({ length: 600 }, (_, i) =>
        fetch(`${gateway.url}/v1/alerts`, {
          headers: { authorization: `Bearer wrong-admin-${i}-0123456789`, ...client },
        }).then(async (r) => {
          await r.arrayBuffer();
          return { status: r.status, retryAfter: r.headers.get('retry-after') };
        }),
      ),
    );
    const limited = responses.filter((r) => r.status === 429);
    expect(responses.filter((r) => r.status === 401).length).toBeLessThanOrEqual(20);
    expect(limited.length).toBeGreaterThanOrEqual(580);
    expect(limited.every((r) => Number(r.retryAfter) > 0)).toBe(true);

    const browser = from();
    const form = await fetch(`${gateway.url}/dashboard/login`, { headers: browser });
    const token = /name="form_token" value="([^"]+)"/.exec(await form.text())![1];
    const cookie = form.headers.getSetCookie()[0].split(';')[0];
    const dashboard: number[] = [];
    for (let i = 0; i < 25; i++) {
      const response = await fetch(`${gateway.url}/dashboard/login`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...browser },
        body: new URLSearchParams({ form_token: token, user: 'lead', key: `guess-${i}-0123456789` }),
      });
      await response.arrayBuffer();
      dashboard.push(response.status);
    }
    expect(dashboard.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(dashboard.slice(21).every((s) => s === 429)).toBe(true);
    // The admin key still works from an address that has not failed.
    expect(
      (await fetch(`${gateway.url}/v1/alerts`, { headers: { authorization: `Bearer ${ADMIN_KEY}`, ...from() } }))
        .status,
    ).toBe(200);
  });

  it('limits requests per ingest key (INGEST_RATE_LIMIT_PER_MINUTE) with 429 and Retry-After, before reading the body', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 45; i++) {
      const response = await post(
        JSON.stringify(sampleEvent('order.placed', { id: `evt_rate_${i}`, subject: 'cus_rate' })),
        { authorization: `Bearer ${BURST_KEY}` },
      );
      await response.arrayBuffer();
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.headers.get('retry-after');
    }
    expect(statuses.slice(0, 40).every((s) => s === 202)).toBe(true);
    expect(statuses.slice(40).every((s) => s === 429)).toBe(true);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    // Other keys keep their own allowance.
    expect(
      (await post(JSON.stringify(sampleEvent('order.placed', { id: 'evt_rate_other', subject: 'cus_rate' })))).status,
    ).toBe(202);
  });
});

describe('HTTP ingest after a produce request the broker refuses (real broker)', () => {
  let db: TestDatabase;
  let gateway: RunningApp;
  const topics = isolatedTopics();

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    // Produce requests allowed far over the broker's message.max.bytes (1 MiB), so one is refused.
    gateway = await startTestApp(gatewayApp, {
      ...topics,
      DATABASE_URL: db.url,
      INGEST_API_KEYS: KEY,
      KAFKA_PRODUCE_MAX_BYTES: String(16 * 1024 * 1024),
    });
  });
  afterAll(async () => {
    await gateway?.app.close();
    await db?.drop();
  });

  const post = (body: string) =>
    fetch(`${gateway.url}/v1/events`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
    });

  it('reports every event as failed (retryable), publishes none of them, and the next request is accepted', async () => {
    // One customer: one partition, one record batch of 3 MB.
    const batch = Array.from({ length: 300 }, (_, i) => bigEvent(`evt_refused_${i}`, 'cus_refused'));
    const response = await post(JSON.stringify(batch));
    expect(response.status).toBe(503);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    const result = (await response.json()) as Results;
    expect(result).toMatchObject({ accepted: 0, failed: 300 });
    expect(new Set(result.results.map((r) => r.error?.code))).toEqual(new Set(['INGEST_PUBLISH_FAILED']));
    expect(await topicCount(topics.TOPIC_COMMERCE)).toBe(0);

    // The producer whose send failed was replaced: no "out of order sequence number" from now on.
    for (let i = 0; i < 3; i++) {
      const next = await post(
        JSON.stringify(sampleEvent('order.placed', { id: `evt_after_refused_${i}`, subject: 'cus_refused' })),
      );
      expect(next.status).toBe(202);
    }
    expect(await topicCount(topics.TOPIC_COMMERCE)).toBe(3);
    const health = (await (await fetch(`${gateway.url}/health`)).json()) as {
      checks: Record<string, { status: string }>;
    };
    expect(health.checks.producer).toMatchObject({ status: 'up' });
  });
});

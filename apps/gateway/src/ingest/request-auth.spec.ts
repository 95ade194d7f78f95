import { IngestError } from './ingest.error';
import { signPayload } from '@postventa/platform';
import { authenticate, IngestRequestCredentials } from './request-auth';

const body = Buffer.from('{"id":"1"}');
const now = 1_800_000_000;
const credentials = {
  apiKeys: ['key-0123456789abcdef'],
  feedbackKeys: ['survey-tool-0123456789'],
  hmacSecret: 'secret-0123456789abcdef',
};

/** A request whose body counts how often it was read. */
function request(headers: Omit<IngestRequestCredentials, 'readBody'>, content = body) {
  const reads = { count: 0 };
  return { reads, request: { ...headers, readBody: async () => (reads.count++, content) } };
}
const code = async (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: IngestError) => error.code,
  );

describe('authenticate', () => {
  it('accepts a valid API key without reading the body', async () => {
    const { reads, request: r } = request({ authorization: 'Bearer key-0123456789abcdef' });
    await expect(authenticate(credentials, r, now)).resolves.toMatchObject({ method: 'api-key', feedback: false });
    expect(reads.count).toBe(0);
  });

  it('gives feedback keys the feedback scope, and identifies keys by a digest', async () => {
    const principal = await authenticate(
      credentials,
      request({ authorization: 'Bearer survey-tool-0123456789' }).request,
      now,
    );
    expect(principal).toMatchObject({ method: 'api-key', feedback: true });
    expect(principal.id).toMatch(/^[0-9a-f]{16}$/);
    expect(principal.id).not.toContain('survey');
  });

  it('accepts a valid signature, reading the body once', async () => {
    const { reads, request: r } = request({ signature: signPayload(credentials.hmacSecret, body, now - 299) });
    await expect(authenticate(credentials, r, now)).resolves.toMatchObject({ method: 'signature', feedback: false });
    expect(reads.count).toBe(1);
  });

  it.each([
    ['no credentials', {}, 'INGEST_UNAUTHORIZED'],
    ['a wrong key', { authorization: 'Bearer nope-0123456789abcdef' }, 'INGEST_UNAUTHORIZED'],
    [
      'a stale timestamp',
      { signature: signPayload('secret-0123456789abcdef', body, now - 301) },
      'INGEST_SIGNATURE_EXPIRED',
    ],
    [
      'a future timestamp',
      { signature: signPayload('secret-0123456789abcdef', body, now + 301) },
      'INGEST_SIGNATURE_EXPIRED',
    ],
    ['a malformed header', { signature: 'v1=abc' }, 'INGEST_SIGNATURE_INVALID'],
  ])('rejects %s without reading the body', async (_name, headers, expected) => {
    const { reads, request: r } = request(headers);
    expect(await code(authenticate(credentials, r, now))).toBe(expected);
    expect(reads.count).toBe(0);
  });

  it('rejects another secret, and a signature over a different body', async () => {
    expect(
      await code(
        authenticate(
          credentials,
          request({ signature: signPayload('other-0123456789abcdef', body, now) }).request,
          now,
        ),
      ),
    ).toBe('INGEST_SIGNATURE_INVALID');
    const signature = signPayload(credentials.hmacSecret, body, now);
    expect(await code(authenticate(credentials, request({ signature }, Buffer.from('{"id":"2"}')).request, now))).toBe(
      'INGEST_SIGNATURE_INVALID',
    );
  });

  it('is disabled until keys or a secret are configured', async () => {
    expect(await code(authenticate({ apiKeys: [] }, request({ authorization: 'Bearer x' }).request, now))).toBe(
      'INGEST_NOT_CONFIGURED',
    );
  });
});

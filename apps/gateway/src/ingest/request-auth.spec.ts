import { IngestError } from './ingest.error';
import { authenticate, signBody } from './request-auth';

const body = Buffer.from('{"id":"1"}');
const now = 1_800_000_000;
const credentials = { apiKeys: ['key-0123456789abcdef'], hmacSecret: 'secret-0123456789abcdef' };
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as IngestError).code;
  }
  return 'ok';
};

describe('authenticate', () => {
  it('accepts a valid API key or signature', () => {
    expect(authenticate(credentials, { authorization: 'Bearer key-0123456789abcdef', rawBody: body }, now)).toBe('api-key');
    expect(authenticate(credentials, { signature: signBody(credentials.hmacSecret, body, now - 299), rawBody: body }, now)).toBe('signature');
  });

  it.each([
    ['no credentials', {}, 'INGEST_UNAUTHORIZED'],
    ['a wrong key', { authorization: 'Bearer nope-0123456789abcdef' }, 'INGEST_UNAUTHORIZED'],
    ['a stale timestamp', { signature: signBody('secret-0123456789abcdef', body, now - 301) }, 'INGEST_SIGNATURE_EXPIRED'],
    ['a future timestamp', { signature: signBody('secret-0123456789abcdef', body, now + 301) }, 'INGEST_SIGNATURE_EXPIRED'],
    ['another secret', { signature: signBody('other-0123456789abcdef', body, now) }, 'INGEST_SIGNATURE_INVALID'],
    ['a malformed header', { signature: 'v1=abc' }, 'INGEST_SIGNATURE_INVALID'],
  ])('rejects %s', (_name, request, expected) => {
    expect(code(() => authenticate(credentials, { ...request, rawBody: body }, now))).toBe(expected);
  });

  it('rejects a signature over a different body', () => {
    const signature = signBody(credentials.hmacSecret, body, now);
    expect(code(() => authenticate(credentials, { signature, rawBody: Buffer.from('{"id":"2"}') }, now))).toBe('INGEST_SIGNATURE_INVALID');
  });

  it('is disabled until keys or a secret are configured', () => {
    expect(code(() => authenticate({ apiKeys: [] }, { authorization: 'Bearer x', rawBody: body }, now))).toBe('INGEST_NOT_CONFIGURED');
  });
});

import { createHmac, timingSafeEqual } from 'node:crypto';
import { readSignatureHeader, signatureMatches, signPayload } from './hmac-signature';

const secret = 'secret-0123456789abcdef';
const now = 1_767_225_600;

function check(header: string, body: string, at = now): 'malformed' | 'expired' | boolean {
  const read = readSignatureHeader(header, at);
  return read.ok ? signatureMatches(secret, read.header, body) : read.reason;
}

describe('HMAC signature', () => {
  it('verifies what it signs, for a string or the same bytes', () => {
    const signature = signPayload(secret, '{"a":1}', now);
    expect(signature).toMatch(/^t=1767225600,v1=[0-9a-f]{64}$/);
    expect(signPayload(secret, Buffer.from('{"a":1}'), now)).toBe(signature);
    expect(check(signature, '{"a":1}')).toBe(true);
  });

  it('refuses another body, another secret, a malformed or a stale header', () => {
    expect(check(signPayload(secret, '{"a":1}', now), '{"a":2}')).toBe(false);
    expect(check(signPayload('another-secret-0123456789', '{"a":1}', now), '{"a":1}')).toBe(false);
    expect(check('v1=abc', 'x')).toBe('malformed');
    expect(check(`t=${now}`, 'x')).toBe('malformed');
    expect(check(signPayload(secret, 'x', now - 301), 'x')).toBe('expired');
    expect(check(signPayload(secret, 'x', now + 301), 'x')).toBe('expired');
  });

  it('accepts any of several v1 values (secret rotation) and upper-case hex', () => {
    const good = signPayload(secret, 'x', now).split('v1=')[1];
    expect(check(`t=${now},v1=${'0'.repeat(64)},v1=${good.toUpperCase()}`, 'x')).toBe(true);
  });
});

/** An independent verifier, as a receiver would write it. */
function verify(secret: string, header: string, body: string): boolean {
  const parts = Object.fromEntries(header.split(',').map((part) => part.split('=') as [string, string]));
  const expected = createHmac('sha256', secret).update(`${parts.t}.${body}`).digest();
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

describe('HMAC signature, as a webhook receiver checks it', () => {
  const secret = 'whsec_0123456789abcdef';
  const body = JSON.stringify({ text: 'hello' });

  it('signs t=<unix seconds>,v1=<hex hmac of "t.body">', () => {
    const header = signPayload(secret, body, 1767000000);
    expect(header).toMatch(/^t=1767000000,v1=[0-9a-f]{64}$/);
    expect(verify(secret, header, body)).toBe(true);
  });

  it('does not verify with another secret, body or timestamp', () => {
    const header = signPayload(secret, body, 1767000000);
    expect(verify('another-secret-value', header, body)).toBe(false);
    expect(verify(secret, header, `${body} `)).toBe(false);
    expect(verify(secret, header.replace('t=1767000000', 't=1767000001'), body)).toBe(false);
  });
});

import { LinkClaims, signLink, verifyLink } from './link-token';

const KEY = 'k'.repeat(32);
const OTHER_KEY = 'o'.repeat(32);
const NOW = new Date('2026-03-01T12:00:00Z');
const origin = {
  customerId: 'cus_1',
  commandId: 'cmd_1',
  flowId: 'smot',
  flowVersion: 2,
  stepId: 'nps',
  journeyId: 'j_1',
  orderId: 'ord_1',
  template: 'nps-survey',
};

const survey: LinkClaims = {
  kind: 'survey',
  ...origin,
  surveyId: 'srv_1',
  surveyKind: 'nps',
  locale: 'es',
  expiresAt: new Date('2026-03-31T12:00:00Z'),
};
const unsubscribe: LinkClaims = { kind: 'unsubscribe', ...origin, category: 'marketing', locale: 'pt' };
const click: LinkClaims = { kind: 'click', ...origin, url: 'https://shop.example/review?x=1&y=2', index: 3 };

function tamper(token: string, at: number): string {
  const c = token[at] === 'A' ? 'B' : 'A';
  return token.slice(0, at) + c + token.slice(at + 1);
}

describe('link tokens', () => {
  it.each([survey, unsubscribe, click, { kind: 'open', ...origin } as LinkClaims])(
    'round-trips a $kind link',
    (link) => {
      const token = signLink(link, KEY);
      expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
      expect(verifyLink(token, link.kind, KEY, NOW)).toEqual({ ok: true, link });
    },
  );

  it('refuses a token signed with another key (forged)', () => {
    expect(verifyLink(signLink(unsubscribe, OTHER_KEY), 'unsubscribe', KEY, NOW)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('refuses any altered character, in the claims or the signature', () => {
    const token = signLink(unsubscribe, KEY);
    for (const at of [0, 5, token.indexOf('.') - 1, token.indexOf('.') + 1, token.length - 2]) {
      expect(verifyLink(tamper(token, at), 'unsubscribe', KEY, NOW).ok).toBe(false);
    }
  });

  it('accepts exactly one spelling of a signature (no variants in the unused trailing bits)', () => {
    const token = signLink(survey, KEY);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(token[token.length - 1]);
    // 43 characters carry 258 bits for a 256-bit MAC: the last character's 2 low bits are unused.
    const variants = [0, 1, 2, 3]
      .map((low) => token.slice(0, -1) + alphabet[(last & ~3) | low])
      .filter((t) => t !== token);
    expect(variants).toHaveLength(3);
    for (const variant of variants) {
      expect(Buffer.from(variant.split('.')[1], 'base64url')).toEqual(Buffer.from(token.split('.')[1], 'base64url'));
      expect(verifyLink(variant, 'survey', KEY, NOW)).toEqual({ ok: false, reason: 'bad_signature' });
    }
    expect(verifyLink(token, 'survey', KEY, NOW).ok).toBe(true);
  });

  it('refuses claims rewritten for another customer with the old signature', () => {
    const token = signLink(unsubscribe, KEY);
    const [, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8'));
    const forged = `${Buffer.from(JSON.stringify({ ...claims, c: 'cus_2' })).toString('base64url')}.${signature}`;
    expect(verifyLink(forged, 'unsubscribe', KEY, NOW)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses a click token whose URL was swapped (no open redirect)', () => {
    const token = signLink(click, KEY);
    const [payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const swapped = `${Buffer.from(JSON.stringify({ ...claims, u: 'https://evil.example/' })).toString('base64url')}.${signature}`;
    expect(verifyLink(swapped, 'click', KEY, NOW).ok).toBe(false);
  });

  it('refuses a valid token of one kind used as another', () => {
    expect(verifyLink(signLink(survey, KEY), 'unsubscribe', KEY, NOW).ok).toBe(false);
    expect(verifyLink(signLink(click, KEY), 'open', KEY, NOW).ok).toBe(false);
  });

  it('refuses an expired survey token', () => {
    const token = signLink(survey, KEY);
    expect(verifyLink(token, 'survey', KEY, new Date('2026-03-31T11:59:59Z')).ok).toBe(true);
    expect(verifyLink(token, 'survey', KEY, new Date('2026-03-31T12:00:00Z'))).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it.each(['', '.', 'abc', 'a.b.c', 'not base64!.sig', `${'A'.repeat(10)}.`])(
    'refuses the malformed token %j without throwing',
    (token) => {
      expect(verifyLink(token, 'unsubscribe', KEY, NOW).ok).toBe(false);
    },
  );

  it('refuses to sign with a short key', () => {
    expect(() => signLink(unsubscribe, 'short')).toThrow(/at least 32/);
  });

  it('refuses a click token to a non-http URL even if signed', () => {
    const token = signLink({ ...click, url: 'javascript:alert(1)' } as LinkClaims, KEY);
    expect(verifyLink(token, 'click', KEY, NOW)).toEqual({ ok: false, reason: 'malformed' });
  });
});

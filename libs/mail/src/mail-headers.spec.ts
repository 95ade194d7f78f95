import { buildHeaders, messageIdFor, senderDomain, testSubject } from './mail-headers';

describe('mail headers', () => {
  it('gives marketing email one-click unsubscribe headers, each prepared (one line)', () => {
    const url = `https://links.example.com/u/${'a'.repeat(180)}.${'b'.repeat(43)}`;
    const headers = buildHeaders({ commandId: 'cmd_1', category: 'marketing', unsubscribeUrl: url });
    expect(headers['List-Unsubscribe']).toEqual({ prepared: true, value: `<${url}>` });
    expect(headers['List-Unsubscribe-Post']).toEqual({ prepared: true, value: 'List-Unsubscribe=One-Click' });
    expect(headers['X-Postventa-Command-Id']).toBe('cmd_1');
    expect(headers['Precedence']).toBe('bulk');
  });

  it('leaves transactional email without unsubscribe headers', () => {
    const headers = buildHeaders({ commandId: 'cmd_2', category: 'transactional' });
    expect(headers['List-Unsubscribe']).toBeUndefined();
    expect(headers['List-Unsubscribe-Post']).toBeUndefined();
    expect(headers['Precedence']).toBeUndefined();
  });

  it('refuses an unsubscribe URL that would break the header', () => {
    expect(() => buildHeaders({ commandId: 'c', category: 'marketing', unsubscribeUrl: 'https://x/u/a b' })).toThrow();
    expect(() => buildHeaders({ commandId: 'c', category: 'marketing', unsubscribeUrl: 'mailto:x@y' })).toThrow();
  });

  it('marks test sends', () => {
    expect(buildHeaders({ commandId: 'c', category: 'transactional', test: true })['X-Postventa-Test']).toBe('true');
    expect(testSubject('Hello')).toBe('[TEST] Hello');
    expect(testSubject('[TEST] Hello')).toBe('[TEST] Hello');
  });

  it('derives one stable Message-ID per command', () => {
    expect(messageIdFor('cmd_42', 'shop.example')).toBe('<cmd_42@shop.example>');
    expect(messageIdFor('cmd_42', 'shop.example')).toBe(messageIdFor('cmd_42', 'shop.example'));
    const odd = messageIdFor('journey 1/step <2>@x', 'shop.example');
    expect(odd).toMatch(/^<h\.[0-9a-f]{40}@shop\.example>$/);
    expect(odd).toBe(messageIdFor('journey 1/step <2>@x', 'shop.example'));
  });

  it('takes the domain from the sender', () => {
    expect(senderDomain('Lumen <no-reply@Lumen.Example>')).toBe('lumen.example');
    expect(senderDomain('hello@shop.example')).toBe('shop.example');
    expect(senderDomain('nobody')).toBe('postventa.local');
  });
});

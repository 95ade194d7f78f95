import { escapeHtml, escapeMrkdwn } from './sink-escaping';

describe('escapeHtml', () => {
  it.each([
    ['<script>alert("x")</script>', '&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;'],
    [`a & b's`, 'a &#38; b&#39;s'],
    ['&amp;', '&#38;amp;'],
    ['plain text, ñ ü', 'plain text, ñ ü'],
  ])('%s → %s', (input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
  });

  it('takes any value', () => {
    expect(escapeHtml(42)).toBe('42');
    expect(escapeHtml(null)).toBe('');
    expect(escapeHtml(undefined)).toBe('');
  });
});

describe('escapeMrkdwn', () => {
  it('neutralises links, mentions and broadcasts', () => {
    const name = '<https://evil.test/phish|Acknowledge> <!channel> <@U123>';
    const escaped = escapeMrkdwn(name);
    expect(escaped).toBe('&lt;https://evil.test/phish|Acknowledge&gt; &lt;!channel&gt; &lt;@U123&gt;');
    expect(escaped).not.toMatch(/[<>]/);
  });

  it.each([
    ['R&D', 'R&amp;D'],
    ['&lt;', '&amp;lt;'],
    ['https://x.test/a?b=1&c=2', 'https://x.test/a?b=1&amp;c=2'],
    [`*bold* _it_ "quotes" 'single'`, `*bold* _it_ "quotes" 'single'`],
  ])('%s → %s', (input, expected) => {
    expect(escapeMrkdwn(input)).toBe(expected);
  });
});

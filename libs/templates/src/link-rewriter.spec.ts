import { collectLinks, rewriteLinks } from './link-rewriter';

const html = [
  '<p><a href="https://shop.example/orders/1?a=1&amp;b=2" style="color:red">Order</a></p>',
  "<a class='x' href='http://shop.example/help'>Help</a>",
  '<a href="mailto:help@shop.example">Mail</a>',
  '<a href="https://shop.example/u/123" data-pv-no-track>Unsubscribe</a>',
  '<a href="#top">Top</a>',
  '<a name="anchor">No href</a>',
  '<a title="a > b" href="https://shop.example/gt">Gt</a>',
].join('\n');

const track = (url: string): string => `https://t.example/c?u=${encodeURIComponent(url)}`;

describe('rewriteLinks', () => {
  it('wraps http(s) links, leaves mailto, anchors and no-track links alone', () => {
    const out = rewriteLinks(html, track);
    expect(out).toContain(`href="${track('https://shop.example/orders/1?a=1&b=2')}"`);
    expect(out).toContain(`href="${track('http://shop.example/help')}"`);
    expect(out).toContain(`href="${track('https://shop.example/gt')}"`);
    expect(out).toContain('href="mailto:help@shop.example"');
    expect(out).toContain('href="https://shop.example/u/123" data-pv-no-track');
    expect(out).toContain('href="#top"');
    expect(out).toContain('<a name="anchor">');
    expect(out).toContain('style="color:red"');
  });

  it('escapes what the rewriter returns', () => {
    expect(rewriteLinks('<a href="https://a.example">x</a>', () => 'https://t.example/?a=1&b="2"')).toBe(
      '<a href="https://t.example/?a=1&amp;b=&quot;2&quot;">x</a>',
    );
  });

  it('is the identity when nothing is trackable', () => {
    const plain = '<p><a href="mailto:x@example.com">x</a></p>';
    expect(rewriteLinks(plain, track)).toBe(plain);
  });
});

describe('collectLinks', () => {
  it('lists every href in order with decoded URLs and whether it is trackable', () => {
    expect(collectLinks(html)).toEqual([
      { url: 'https://shop.example/orders/1?a=1&b=2', trackable: true },
      { url: 'http://shop.example/help', trackable: true },
      { url: 'mailto:help@shop.example', trackable: false },
      { url: 'https://shop.example/u/123', trackable: false },
      { url: '#top', trackable: false },
      { url: 'https://shop.example/gt', trackable: true },
    ]);
  });
});

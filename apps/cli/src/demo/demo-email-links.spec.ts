import { clickDestination, emailLinks } from './demo-email-links';

const base = 'http://127.0.0.1:3000';
const clickToken = (url: string) =>
  `${Buffer.from(JSON.stringify({ k: 'c', c: 'cus_1', m: 'cmd_1', u: url })).toString('base64url')}.c2ln`;

describe('emailLinks', () => {
  it('finds the survey links of an email, one survey with its scores', () => {
    const scores = Array.from({ length: 11 }, (_, n) => `<a href="${base}/s/tok.sig?score=${n}">${n}</a>`).join('');
    const links = emailLinks(
      `<p>How likely...</p>${scores}<img src="${base}/o/open.sig.gif" width="1"><a href="${base}/u/uns.sig">Unsubscribe</a>`,
    );
    expect(links.surveys).toEqual([{ url: `${base}/s/tok.sig`, scores: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] }]);
    expect(links.opens).toEqual([`${base}/o/open.sig.gif`]);
    expect(links.unsubscribe).toBe(`${base}/u/uns.sig`);
  });

  it('reads tracked clicks with their signed destination, once each', () => {
    const review = `${base}/c/${clickToken('https://shop.example.com/reviews/new')}`;
    const referral = `${base}/c/${clickToken('https://shop.example.com/referrals')}`;
    const links = emailLinks(
      `<a href="${review}">Review</a><a href="${referral}">Refer</a><a href="${review}">again</a>`,
    );
    expect(links.clicks).toEqual([
      { url: review, destination: 'https://shop.example.com/reviews/new' },
      { url: referral, destination: 'https://shop.example.com/referrals' },
    ]);
    expect(clickDestination(`${base}/c/not-base64-json`)).toBeNull();
  });

  it('finds acknowledge links of alert emails, with HTML escaping undone', () => {
    const html = `<a href="${base}/alerts/alr_42/acknowledge?as=ana%40support.example.com&amp;token=abc">Acknowledge</a>`;
    expect(emailLinks(html).acknowledges).toEqual([
      { url: `${base}/alerts/alr_42/acknowledge?as=ana%40support.example.com&token=abc`, alertId: 'alr_42' },
    ]);
  });

  it('takes the unsubscribe link from List-Unsubscribe when the body has none', () => {
    const links = emailLinks('<p>Hi</p><a href="https://shop.example.com">shop</a>', {
      'list-unsubscribe': `<${base}/u/header.sig>, <mailto:unsubscribe@example.com>`,
    });
    expect(links.unsubscribe).toBe(`${base}/u/header.sig`);
    expect(links.surveys).toEqual([]);
    expect(links.clicks).toEqual([]);
  });
});

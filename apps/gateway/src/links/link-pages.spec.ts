import { errorPage, escapeHtml, pageLocale, surveyThanksPage, unsubscribeConfirmPage } from './link-pages';

describe('link pages', () => {
  it.each([
    ['es-MX', undefined, 'es'],
    ['pt-BR', undefined, 'pt'],
    [undefined, 'pt-PT,pt;q=0.9,en;q=0.8', 'pt'],
    [undefined, 'de-DE,es;q=0.5', 'es'],
    ['fr', 'de', 'en'],
    [undefined, undefined, 'en'],
  ])('speaks the language of %s / %s: %s', (locale, accept, expected) => {
    expect(pageLocale(locale, accept)).toBe(expected);
  });

  it('escapes everything that comes from outside', () => {
    expect(escapeHtml(`<script>alert("x")</script>&'`)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;');
    const html = surveyThanksPage({ locale: 'en', brand: 'A<B', kind: 'csat', score: 4, action: 'https://x/s/t"><script>', comment: '</textarea><script>' });
    expect(html).not.toContain('<script>');
    expect(html).toContain('Your answer: 4 out of 5.');
  });

  it('shows an unsubscribe form that posts the one-click body', () => {
    const html = unsubscribeConfirmPage('es', 'Lumen', 'https://x/u/token');
    expect(html).toContain('<form method="post" action="https://x/u/token">');
    expect(html).toContain('name="List-Unsubscribe" value="One-Click"');
    expect(html).toContain('¿Darte de baja?');
  });

  it('explains an expired link in the customer language', () => {
    expect(errorPage('pt', 'Lumen', 'expired')).toContain('Este link expirou');
  });
});

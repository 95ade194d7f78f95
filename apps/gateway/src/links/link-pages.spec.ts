import { errorPage, pageLocale, surveyFormPage, surveyThanksPage, unsubscribeConfirmPage } from './link-pages';

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
    const html = surveyThanksPage({
      locale: 'en',
      brand: 'A<B',
      kind: 'csat',
      score: 4,
      action: 'https://x/s/t"><script>',
      comment: '</textarea><script>',
    });
    expect(html).not.toContain('<script>');
    expect(html).toContain('Your answer: 4 out of 5.');
  });

  it('opens a score link as the survey with that score selected, posting to the same link', () => {
    const html = surveyFormPage({
      locale: 'en',
      brand: 'Lumen',
      kind: 'nps',
      score: 7,
      action: 'https://x/s/tok?score=7&a="b',
    });
    expect(html).toContain('<form method="post" action="https://x/s/tok?score=7&#38;a=&#34;b">');
    expect(html.match(/type="radio" name="score"/g)).toHaveLength(11);
    expect(html).toContain('<input type="radio" name="score" value="7" checked> 7');
    expect(html.match(/ checked>/g)).toHaveLength(1);
    expect(html).toContain('name="comment"');
    expect(html).toContain('Send answer');
    const csat = surveyFormPage({
      locale: 'pt',
      brand: 'Lumen',
      kind: 'csat',
      score: 2,
      action: 'https://x/s/t',
      current: 4,
      comment: '</textarea><b>',
    });
    expect(csat.match(/type="radio" name="score"/g)).toHaveLength(5);
    expect(csat).toContain('Já temos a sua resposta (4)');
    expect(csat).not.toContain('<b>');
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

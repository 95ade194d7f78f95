import { TemplateCompiler } from './template-compiler';
import { TemplateEngine } from './template-engine';
import { TemplateError, TemplateErrorCode } from './template.error';
import type { RenderContext } from './render.types';
import type { TemplateCatalog, TemplateVariant } from './template.types';

const context: RenderContext = {
  brand: { name: 'Lumen', address: 'Calle Mayor 1, Madrid', support_email: 'help@lumen.example' },
  customer: { name: 'Ana López', email: 'ana@example.com', locale: 'es-MX', timezone: 'America/Mexico_City' },
  order: {
    order_id: 'A-1',
    currency: 'EUR',
    total: 1234.5,
    items: [{ name: 'Lamp', quantity: 2, unit_price: 617.25 }],
  },
  unsubscribeUrl: 'https://lumen.example/u/1',
};

function variant(locale: string, html: string, extra: Partial<TemplateVariant> = {}): TemplateVariant {
  return {
    locale,
    subject: `[${locale}] Pedido {{order.order_id}}`,
    preheader: 'Hi {{customer.first_name}}',
    html,
    origin: `t/${locale}.hbs`,
    ...extra,
  };
}

function catalog(overrides: Partial<TemplateCatalog> = {}): TemplateCatalog {
  return {
    templates: [
      {
        id: 'order',
        variants: [
          variant('es', '<p>Hola {{customer.first_name}}, total {{formatMoney order.total order.currency}}</p>'),
          variant('en', '<p>Hi {{customer.first_name}}, total {{formatMoney order.total order.currency}}</p>'),
          variant('pt', '<p>Olá {{customer.first_name}}</p>{{> button url=links.unsubscribe label="Sair"}}'),
        ],
      },
    ],
    layouts: [
      {
        name: 'default',
        origin: 'layouts/default.hbs',
        source:
          '<html lang="{{email.lang}}"><div class="pv-preheader">{{email.preheader}}</div><h1>{{brand.name}}</h1>{{{email.body}}}' +
          '<footer>{{t "footer"}} {{brand.address}}{{#if links.unsubscribe}} <a href="{{links.unsubscribe}}" data-pv-no-track>x</a>{{/if}}</footer></html>',
      },
    ],
    partials: [
      { name: 'button', origin: 'partials/button.hbs', source: '<a class="btn" href="{{url}}">{{label}}</a>' },
    ],
    strings: [
      { locale: 'en', entries: { footer: 'Sent by' }, origin: 'locales/en.yaml' },
      { locale: 'es', entries: { footer: 'Enviado por' }, origin: 'locales/es.yaml' },
    ],
    issues: [],
    ...overrides,
  };
}

function failure(run: () => unknown): TemplateError {
  try {
    run();
  } catch (error) {
    if (error instanceof TemplateError) return error;
    throw error;
  }
  throw new Error('expected a TemplateError');
}

function single(
  html: string,
  extra: Partial<TemplateVariant> = {},
  data: Record<string, unknown> = {},
): ReturnType<TemplateEngine['render']> {
  const engine = new TemplateEngine(catalog({ templates: [{ id: 'x', variants: [variant('en', html, extra)] }] }));
  return engine.render({ template: 'x', locale: 'en', context, data });
}

describe('TemplateEngine', () => {
  describe('locales', () => {
    it.each([
      ['es-MX', 'es'],
      ['es', 'es'],
      ['pt-BR', 'pt'],
      ['en-GB', 'en'],
      ['xx', 'en'],
      [undefined, 'es'], // falls back to context.customer.locale (es-MX)
    ])('renders %s with the %s variant', (locale, used) => {
      const email = new TemplateEngine(catalog()).render({ template: 'order', locale, context });
      expect(email.locale).toBe(used);
      expect(email.subject).toBe(`[${used}] Pedido A-1`);
      expect(email.html).toContain(`lang="${used}"`);
    });

    it('uses a configurable default locale at the end of the chain', () => {
      const strings = [
        ...catalog().strings,
        { locale: 'pt', entries: { footer: 'Enviado por' }, origin: 'locales/pt.yaml' },
      ];
      const engine = new TemplateEngine(catalog({ strings }), { defaultLocale: 'pt' });
      expect(engine.render({ template: 'order', locale: 'xx', context }).locale).toBe('pt');
    });

    it('keeps the customer regional formats when the language matches', () => {
      const mx = new TemplateEngine(catalog()).render({ template: 'order', locale: 'es-MX', context });
      expect(mx.html).toContain(new Intl.NumberFormat('es-MX', { style: 'currency', currency: 'EUR' }).format(1234.5));
      const es = new TemplateEngine(catalog()).render({ template: 'order', locale: 'es', context });
      expect(es.html).toContain(new Intl.NumberFormat('es', { style: 'currency', currency: 'EUR' }).format(1234.5));
      const xx = new TemplateEngine(catalog()).render({ template: 'order', locale: 'xx', context });
      expect(xx.html).toContain('€1,234.50');
    });

    it('fails with LOCALE_NOT_FOUND when nothing in the chain exists', () => {
      const engine = new TemplateEngine(catalog({ templates: [{ id: 'only-es', variants: [variant('es', 'x')] }] }));
      const error = failure(() => engine.render({ template: 'only-es', locale: 'pt-BR', context }));
      expect(error.code).toBe(TemplateErrorCode.LocaleNotFound);
      expect(error.message).toContain('pt-BR, pt, en');
    });

    it('fails with TEMPLATE_NOT_FOUND for an unknown template', () => {
      const error = failure(() => new TemplateEngine(catalog()).render({ template: 'nope', context }));
      expect(error.code).toBe(TemplateErrorCode.TemplateNotFound);
      expect(error.details.template).toBe('nope');
    });
  });

  describe('output', () => {
    it('wraps the body in the layout with the preheader, per-locale strings and footer', () => {
      const email = new TemplateEngine(catalog()).render({ template: 'order', locale: 'es', context });
      expect(email.preheader).toBe('Hi Ana');
      expect(email.html).toContain('<h1>Lumen</h1><p>Hola Ana, total');
      expect(email.html).toContain('Enviado por Calle Mayor 1, Madrid');
      expect(email.html).toContain('<div class="pv-preheader">Hi Ana</div>');
    });

    it('generates the text part from the HTML, without the preheader', () => {
      const email = new TemplateEngine(catalog()).render({ template: 'order', locale: 'pt', context });
      expect(email.text).toContain('Olá Ana');
      expect(email.text).toContain('Sair <https://lumen.example/u/1>');
      expect(email.text).not.toContain('<p>');
      expect(email.text.split('\n')[0]).toBe('Lumen');
    });

    it('uses a hand-written text part, unescaped', () => {
      const email = single('<p>{{data.name}}</p>', { text: 'Hola {{data.name}}' }, { name: 'Tom & Jerry' });
      expect(email.html).toContain('Tom &amp; Jerry');
      expect(email.text).toBe('Hola Tom & Jerry');
    });

    it('escapes HTML in data but not in the subject', () => {
      const email = single('<p>{{data.name}}</p>', { subject: 'For {{data.name}}' }, { name: '<b>"Ana" & co</b>' });
      expect(email.html).toContain('&lt;b&gt;&quot;Ana&quot; &amp; co&lt;/b&gt;');
      expect(email.subject).toBe('For <b>"Ana" & co</b>');
    });

    it('renders without a layout when asked', () => {
      expect(single('<p>Solo</p>', { layout: 'none' }).html).toBe('<p>Solo</p>');
    });

    it('rewrites links for tracking before the text part is made', () => {
      const engine = new TemplateEngine(catalog());
      const email = engine.render({
        template: 'order',
        locale: 'pt',
        context,
        rewriteLink: (url) => `https://t.example/?u=${url}`,
      });
      // The button is tracked; the unsubscribe link in the footer is marked no-track.
      expect(email.html).toContain('class="btn" href="https://t.example/?u=https://lumen.example/u/1"');
      expect(email.html).toContain('href="https://lumen.example/u/1" data-pv-no-track');
      expect(email.text).toContain('<https://t.example/?u=https://lumen.example/u/1>');
    });

    it('gives a stable version that changes with the content', () => {
      const a = new TemplateEngine(catalog()).render({ template: 'order', locale: 'es', context });
      const b = new TemplateEngine(catalog()).render({ template: 'order', locale: 'es', context });
      expect(a.templateVersion).toMatch(/^[0-9a-f]{16}$/);
      expect(b.templateVersion).toBe(a.templateVersion);
      const changed = catalog();
      changed.partials[0].source += ' ';
      expect(new TemplateEngine(changed).render({ template: 'order', locale: 'es', context }).templateVersion).not.toBe(
        a.templateVersion,
      );
    });
  });

  describe('strict mode', () => {
    it('fails with MISSING_VARIABLE naming the full path', () => {
      const error = failure(() => single('<p>{{order.shipping.carrier}}</p>'));
      expect(error.code).toBe(TemplateErrorCode.MissingVariable);
      expect(error.details).toMatchObject({
        template: 'x',
        locale: 'en',
        part: 'html',
        variable: 'order.shipping.carrier',
      });
      expect(error.message).toContain('Missing variable "order.shipping.carrier"');
      expect(error.message).toContain('[x/en html]');
    });

    it('names variables missing in the subject and inside loops', () => {
      expect(failure(() => single('x', { subject: 'Hi {{customer.nickname}}' })).details).toMatchObject({
        part: 'subject',
        variable: 'customer.nickname',
      });
      expect(failure(() => single('{{#each order.items}}{{sku}}{{/each}}')).details.variable).toBe('sku');
    });

    it('names a variable missing inside a partial and the partial file', () => {
      const engine = new TemplateEngine(
        catalog({
          templates: [{ id: 'x', variants: [variant('en', '{{> card}}')] }],
          partials: [{ name: 'card', origin: 'partials/card.hbs', source: '<div>{{data.card.title}}</div>' }],
        }),
      );
      const error = failure(() => engine.render({ template: 'x', locale: 'en', context, data: {} }));
      expect(error.details).toMatchObject({ variable: 'data.card.title', partial: 'card', file: 'partials/card.hbs' });
    });

    it('fails with MISSING_PARTIAL naming the partial', () => {
      const error = failure(() => single('{{> footer-links}}'));
      expect(error.code).toBe(TemplateErrorCode.MissingPartial);
      expect(error.details).toMatchObject({ template: 'x', locale: 'en', partial: 'footer-links' });
    });

    it('fails with MISSING_HELPER for helpers we do not ship', () => {
      const error = failure(() => single('{{shout data.name}}', {}, { name: 'a' }));
      expect(error.code).toBe(TemplateErrorCode.MissingHelper);
      expect(error.details.helper).toBe('shout');
    });

    it('does not offer the console-writing log helper', () => {
      expect(failure(() => single('{{log data.x}}')).code).toBe(TemplateErrorCode.MissingHelper);
    });

    it('fails with SYNTAX_ERROR and the line', () => {
      const error = failure(() => single('<p>ok</p>\n{{#if data.x}}never closed'));
      expect(error.code).toBe(TemplateErrorCode.SyntaxError);
      expect(error.details).toMatchObject({ part: 'html', file: 't/en.hbs' });
    });

    it('fails when a listed requirement is absent', () => {
      const error = failure(() => single('<p>x</p>', { requires: ['survey'] }));
      expect(error).toMatchObject({ code: TemplateErrorCode.MissingVariable, details: { variable: 'survey' } });
    });

    it('fails instead of sending a link with an empty href', () => {
      const error = failure(() => single('{{> button url=links.missing label="Go"}}'));
      expect(error.code).toBe(TemplateErrorCode.MissingVariable);
    });

    it('reports helper argument problems with the template and locale', () => {
      const error = failure(() => single('{{formatMoney data.amount "EUR"}}'));
      expect(error).toMatchObject({
        code: TemplateErrorCode.InvalidArgument,
        details: { template: 'x', locale: 'en', helper: 'formatMoney' },
      });
    });

    it('fails with LAYOUT_NOT_FOUND for an unknown layout', () => {
      expect(failure(() => single('x', { layout: 'fancy' })).code).toBe(TemplateErrorCode.LayoutNotFound);
    });

    it('refuses non-http links in the context', () => {
      const bad = { ...context, links: { evil: 'javascript:alert(1)' } };
      const engine = new TemplateEngine(catalog());
      expect(failure(() => engine.render({ template: 'order', context: bad })).code).toBe(
        TemplateErrorCode.InvalidArgument,
      );
    });
  });

  describe('prototype access', () => {
    // Handlebars warns on the console when it denies a prototype property; expected here.
    beforeEach(() => jest.spyOn(console, 'error').mockImplementation(() => undefined));
    afterEach(() => jest.restoreAllMocks());

    it.each([
      '{{constructor.name}}',
      '{{data.constructor.name}}',
      '{{data.__proto__.constructor.name}}',
      '{{#with data.constructor}}{{name}}{{/with}}',
      '{{lookup data "constructor"}}',
      '{{#each data}}{{@key}}{{/each}}{{data.toString}}',
    ])('%s does not leak', (html) => {
      let out = '';
      try {
        out = single(`<main>${html}</main>`, { layout: 'none' }).html;
      } catch (error) {
        expect(error).toBeInstanceOf(TemplateError);
      }
      expect(out).not.toMatch(/Object|Function|native code/);
    });

    it('treats data named constructor as plain data, never code', () => {
      const data = JSON.parse('{"constructor": {"name": "evil"}, "__proto__": {"polluted": true}, "fn": 1}');
      const out = single('<main>{{data.constructor.name}}</main>', { layout: 'none' }, data).html;
      expect(out).toBe('<main>evil</main>');
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(() => single('{{data.polluted}}', {}, data)).toThrow(TemplateError);
    });

    it('drops functions passed in data', () => {
      const data = { greet: () => 'called' };
      expect(() => single('<p>{{data.greet}}</p>', {}, data)).toThrow(/Missing variable "data.greet"/);
    });
  });

  describe('compile cache', () => {
    it('compiles each template version once and reuses it across engines', () => {
      const compiler = new TemplateCompiler();
      const first = new TemplateEngine(catalog(), { compiler });
      first.render({ template: 'order', locale: 'es', context });
      const afterFirst = compiler.stats();
      first.render({ template: 'order', locale: 'es', context });
      new TemplateEngine(catalog(), { compiler }).render({ template: 'order', locale: 'es', context });
      const afterMore = compiler.stats();
      expect(afterMore.misses).toBe(afterFirst.misses);
      expect(afterMore.hits).toBeGreaterThan(afterFirst.hits);

      const edited = catalog();
      edited.templates[0].variants[0].html += '<p>new</p>';
      new TemplateEngine(edited, { compiler }).render({ template: 'order', locale: 'es', context });
      expect(compiler.stats().misses).toBe(afterMore.misses + 1);
    });

    it('evicts the least recently used entries beyond its size', () => {
      const compiler = new TemplateCompiler({ maxEntries: 2 });
      compiler.compile('a', 'html');
      compiler.compile('b', 'html');
      compiler.compile('a', 'html');
      compiler.compile('c', 'html');
      expect(compiler.stats()).toEqual({ hits: 1, misses: 3, size: 2 });
      compiler.compile('a', 'html');
      expect(compiler.stats().hits).toBe(2);
    });
  });
});

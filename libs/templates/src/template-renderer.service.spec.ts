import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectLinks } from './link-rewriter';
import { FileTemplateSource } from './sources/file-template.source';
import { InMemoryTemplateSource } from './sources/in-memory-template.source';
import { TemplateRenderer } from './template-renderer.service';
import type { RenderContext } from './render.types';
import type { TemplateCatalog } from './template.types';

const SHIPPED = join(__dirname, '../../../flows/templates');

function sample(id: string): { context: RenderContext; data: Record<string, unknown> } {
  return JSON.parse(readFileSync(join(SHIPPED, id, 'sample.json'), 'utf8'));
}

describe('TemplateRenderer on the shipped templates', () => {
  const renderer = new TemplateRenderer(new FileTemplateSource(SHIPPED));

  it.each([
    ['es-MX', 'es', 'Pedido LM-10482 confirmado'],
    ['pt-BR', 'pt', 'Pedido LM-10482 confirmado: obrigado!'],
    ['xx', 'en', 'Order LM-10482 confirmed'],
    ['en-US', 'en', 'Order LM-10482 confirmed'],
  ])('renders order-confirmation for %s with the %s variant', async (locale, used, subject) => {
    const { context, data } = sample('order-confirmation');
    const email = await renderer.render({ template: 'order-confirmation', locale, context, data });
    expect(email.locale).toBe(used);
    expect(email.subject).toContain(subject);
    expect(email.html).toContain(`<html lang="${used}">`);
    expect(email.text).toContain('LM-10482');
    expect(email.text).not.toMatch(/<(?!https?:)[a-z]/i); // no HTML tags, only <url> links
  });

  it('formats the order total for the customer locale', async () => {
    const { context, data } = sample('order-confirmation');
    const email = await renderer.render({ template: 'order-confirmation', locale: 'es', context, data });
    expect(email.html).toContain(new Intl.NumberFormat('es', { style: 'currency', currency: 'EUR' }).format(1234.5));
    expect(email.html).toContain(new Intl.NumberFormat('es', { style: 'currency', currency: 'EUR' }).format(135));
  });

  it('renders one survey link per score and an untracked unsubscribe link', async () => {
    const { context, data } = sample('nps-survey');
    const email = await renderer.render({ template: 'nps-survey', context, data });
    const scores = collectLinks(email.html).filter((l) => l.url.includes('/s/nps/'));
    expect(scores).toHaveLength(11);
    expect(collectLinks(email.html)).toContainEqual({ url: 'https://lumen.example/u/5f2c1a', trackable: false });
  });

  it('renders the alert for a support lead with reasons and timeline', async () => {
    const { context, data } = sample('alert-notification');
    const email = await renderer.render({ template: 'alert-notification', locale: 'en', context, data });
    expect(email.subject).toBe('[High] At-risk customer: Lucía Fernández');
    expect(email.text).toContain('Gave a detractor score (NPS 3)');
    expect(email.text).toContain('Refund requested for 1 item');
    expect(email.html).not.toContain('data-pv-no-track'); // no unsubscribe link for internal alerts
  });
});

describe('TemplateRenderer', () => {
  const catalog: TemplateCatalog = {
    templates: [
      {
        id: 't',
        variants: [
          { locale: 'en', subject: 'S', preheader: 'P', html: '<p>{{data.n}}</p>', layout: 'none', origin: 't/en.hbs' },
        ],
      },
    ],
    layouts: [],
    partials: [],
    strings: [],
    issues: [],
  };
  const context: RenderContext = {
    brand: { name: 'B', address: 'A', support_email: 's@b.example' },
    customer: { email: 'c@b.example' },
  };

  it('loads the source once, recompiles nothing after a reload of unchanged content', async () => {
    const source = new InMemoryTemplateSource(catalog);
    const load = jest.spyOn(source, 'load');
    const renderer = new TemplateRenderer(source);
    await renderer.render({ template: 't', context, data: { n: 1 } });
    await renderer.render({ template: 't', context, data: { n: 2 } });
    expect(load).toHaveBeenCalledTimes(1);
    const misses = renderer.cacheStats().misses;
    renderer.reload();
    const email = await renderer.render({ template: 't', context, data: { n: 3 } });
    expect(load).toHaveBeenCalledTimes(2);
    expect(renderer.cacheStats().misses).toBe(misses);
    expect(email).toMatchObject({ html: '<p>3</p>', text: '3', locale: 'en' });
  });

  it('retries loading after a failed load', async () => {
    const source = new InMemoryTemplateSource(catalog);
    jest.spyOn(source, 'load').mockRejectedValueOnce(new Error('db down'));
    const renderer = new TemplateRenderer(source);
    await expect(renderer.render({ template: 't', context })).rejects.toThrow('db down');
    await expect(renderer.resolveLocale('t', 'es')).resolves.toBe('en');
  });
});

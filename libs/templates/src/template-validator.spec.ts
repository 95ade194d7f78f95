import { join } from 'node:path';
import { FileTemplateSource } from './sources/file-template.source';
import { InMemoryTemplateSource } from './sources/in-memory-template.source';
import { TemplateErrorCode } from './template.error';
import { validateTemplates } from './template-validator';
import type { TemplateSource } from './template-source';

const SHIPPED = join(__dirname, '../../../flows/templates');

const SHIPPED_TEMPLATES = [
  'alert-notification',
  'ces-survey',
  'csat-survey',
  'detractor-apology',
  'first-use-help',
  'milestone-tip',
  'nps-survey',
  'order-confirmation',
  'refund-feedback',
  'review-request',
  'usage-guide',
  'welcome',
  'what-to-expect',
];

const context = {
  brand: { name: 'Lumen', address: 'Calle Mayor 1', support_email: 'help@lumen.example' },
  customer: { email: 'ana@example.com', first_name: 'Ana' },
};

describe('validateTemplates', () => {
  it('finds no problems in the shipped templates (every template × es, en, pt)', async () => {
    const report = await validateTemplates(new FileTemplateSource(SHIPPED));
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.templates).toBe(SHIPPED_TEMPLATES.length);
    expect(report.rendered).toBe(SHIPPED_TEMPLATES.length * 3);
  });

  it('reports every problem with template, locale, file and message', async () => {
    const source = new InMemoryTemplateSource({
      templates: [
        {
          id: 'greeting',
          sample: { context },
          sampleOrigin: 'greeting/sample.json',
          variants: [
            {
              locale: 'en',
              subject: 'Hi',
              preheader: 'x',
              html: '<p>{{customer.nickname}}</p>',
              layout: 'none',
              origin: 'greeting/en.hbs',
            },
            {
              locale: 'es',
              subject: 'Hola',
              preheader: 'x',
              html: '{{> missing-bit}}',
              layout: 'none',
              origin: 'greeting/es.hbs',
            },
          ],
        },
        {
          id: 'no-sample',
          variants: [{ locale: 'en', subject: 'a', preheader: 'b', html: 'c', origin: 'no-sample/en.hbs' }],
        },
        { id: 'bad-sample', sample: { context: { brand: {} } }, sampleOrigin: 'bad-sample/sample.json', variants: [] },
      ],
      issues: [{ origin: 'broken/en.hbs', template: 'broken', locale: 'en', message: 'missing YAML front matter' }],
    });
    const report = await validateTemplates(source);
    expect(report.ok).toBe(false);
    const summary = report.problems.map((p) => [p.code, p.template, p.locale, p.file]);
    expect(summary).toEqual(
      expect.arrayContaining([
        [TemplateErrorCode.InvalidDefinition, 'broken', 'en', 'broken/en.hbs'],
        [TemplateErrorCode.LocaleNotFound, 'greeting', 'pt', 'greeting/pt.hbs'],
        [TemplateErrorCode.MissingVariable, 'greeting', 'en', 'greeting/en.hbs'],
        [TemplateErrorCode.MissingPartial, 'greeting', 'es', 'greeting/es.hbs'],
        [TemplateErrorCode.InvalidSample, 'no-sample', undefined, 'no-sample/sample.json'],
        [TemplateErrorCode.InvalidSample, 'bad-sample', undefined, 'bad-sample/sample.json'],
      ]),
    );
    const missing = report.problems.find((p) => p.code === TemplateErrorCode.MissingVariable);
    expect(missing?.message).toContain('customer.nickname');
    expect(report.problems.find((p) => p.code === TemplateErrorCode.MissingPartial)?.message).toContain('missing-bit');
  });

  it('reports shared strings a required locale lacks', async () => {
    const source = new InMemoryTemplateSource({
      strings: [
        { locale: 'en', entries: { a: 'A', b: 'B' }, origin: 'locales/en.yaml' },
        { locale: 'es', entries: { a: 'A' }, origin: 'locales/es.yaml' },
      ],
    });
    const report = await validateTemplates(source, { requiredLocales: ['es', 'en', 'pt'] });
    expect(report.problems).toEqual([
      { code: TemplateErrorCode.MissingString, locale: 'es', file: 'locales/es.yaml', message: 'Missing strings: b' },
      {
        code: TemplateErrorCode.MissingString,
        locale: 'pt',
        file: 'locales/pt.yaml',
        message: 'Missing strings: a, b',
      },
    ]);
  });

  it('reports a source that cannot load at all', async () => {
    const failing: TemplateSource = { load: () => Promise.reject(new Error('disk on fire')) };
    const report = await validateTemplates(failing);
    expect(report).toMatchObject({ ok: false, problems: [{ message: 'Cannot load templates: disk on fire' }] });
  });
});

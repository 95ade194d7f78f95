import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileTemplateSource } from './file-template.source';

describe('FileTemplateSource', () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'pv-templates-'));
    const files: Record<string, string> = {
      'layouts/default.hbs': '<html>{{{email.body}}}</html>',
      'partials/button.hbs': '<a href="{{url}}">{{label}}</a>',
      'locales/es.yaml': 'footer:\n  unsubscribe: Darse de baja\n',
      'welcome/es.hbs': '---\nsubject: Hola\npreheader: Bienvenida\n---\n<p>Hola</p>',
      'welcome/es.txt.hbs': 'Hola',
      'welcome/en.hbs': '---\nsubject: Hi\npreheader: Welcome\nlayout: none\n---\n<p>Hi</p>',
      'welcome/sample.json': '{"context": {}}',
      'broken/en.hbs': 'no front matter',
      'broken/fr.txt.hbs': 'orphan',
      'broken/notes.md': 'stray',
      'broken/sample.json': '{oops',
    };
    for (const [file, content] of Object.entries(files)) {
      await mkdir(join(root, file, '..'), { recursive: true });
      await writeFile(join(root, file), content);
    }
  });

  afterEach(() => rm(root, { recursive: true, force: true }));

  it('reads templates, variants, text parts, layouts, partials, strings and samples', async () => {
    const catalog = await new FileTemplateSource(root).load();
    expect(catalog.layouts).toEqual([
      { name: 'default', source: '<html>{{{email.body}}}</html>', origin: 'layouts/default.hbs' },
    ]);
    expect(catalog.partials.map((p) => p.name)).toEqual(['button']);
    expect(catalog.strings).toEqual([
      { locale: 'es', entries: { 'footer.unsubscribe': 'Darse de baja' }, origin: 'locales/es.yaml' },
    ]);
    const welcome = catalog.templates.find((t) => t.id === 'welcome');
    expect(welcome?.sample).toEqual({ context: {} });
    expect(welcome?.variants).toEqual([
      {
        locale: 'en',
        subject: 'Hi',
        preheader: 'Welcome',
        layout: 'none',
        html: '<p>Hi</p>',
        origin: 'welcome/en.hbs',
      },
      {
        locale: 'es',
        subject: 'Hola',
        preheader: 'Bienvenida',
        html: '<p>Hola</p>',
        origin: 'welcome/es.hbs',
        text: 'Hola',
        textOrigin: 'welcome/es.txt.hbs',
      },
    ]);
  });

  it('turns bad files into issues instead of failing the load', async () => {
    const catalog = await new FileTemplateSource(root).load();
    const issues = catalog.issues.map((i) => `${i.origin}: ${i.message.split(' (')[0].split(':')[0]}`).sort();
    expect(issues).toEqual([
      'broken/en.hbs: missing YAML front matter',
      'broken/fr.txt.hbs: text part without an HTML part',
      'broken/notes.md: unexpected file',
      'broken/sample.json: not valid JSON',
    ]);
  });

  it('fails when the folder itself does not exist', async () => {
    await expect(new FileTemplateSource(join(root, 'missing')).load()).rejects.toThrow(/ENOENT/);
  });
});

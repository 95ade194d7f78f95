import { AppConfig, createLogger } from '@postventa/platform';
import { TemplateError, TemplateErrorCode } from '@postventa/templates';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TemplatePreviewService } from './template-preview.service';

describe('TemplatePreviewService (rendering, no SMTP)', () => {
  const work = mkdtempSync(join(tmpdir(), 'postventa-preview-'));
  const dir = join(work, 'templates');
  cpSync('flows/templates', dir, { recursive: true });
  rmSync(join(dir, 'welcome', 'sample.json'));
  const previews = new TemplatePreviewService(
    AppConfig.fromEnvironment({}),
    createLogger({ name: 'test', level: 'silent' }),
    dir,
  );
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const failure = async (promise: Promise<unknown>): Promise<TemplateError> => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TemplateError);
    return error as TemplateError;
  };

  it('lists templates with their locales', async () => {
    expect(await previews.templates()).toContainEqual({ id: 'order-confirmation', locales: ['en', 'es', 'pt'] });
  });

  it('renders from the template sample, with the locale and data replaced', async () => {
    const email = await previews.preview({ template: 'order-confirmation', locale: 'en', data: {} });
    expect(email).toMatchObject({ template: 'order-confirmation', locale: 'en' });
    expect(email.subject).toContain('LM-10482');
    expect(email.html).not.toContain('Estimated delivery');
    expect((await previews.preview({ template: 'order-confirmation', locale: 'en' })).html).toContain(
      'Estimated delivery',
    );
  });

  it('names what is wrong: unknown template, missing variable, missing sample', async () => {
    expect((await failure(previews.preview({ template: 'nope' }))).code).toBe(TemplateErrorCode.TemplateNotFound);
    const missing = await failure(previews.preview({ template: 'milestone-tip', data: {} }));
    expect(missing.code).toBe(TemplateErrorCode.MissingVariable);
    expect(missing.details.variable).toBe('data.value');
    expect((await failure(previews.preview({ template: 'welcome' }))).code).toBe(TemplateErrorCode.InvalidSample);
  });
});

import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { TemplatePreviewService } from '@postventa/mail';
import { AppConfig, createLogger } from '@postventa/platform';
import { FileTemplateSource, validateTemplates } from '@postventa/templates';

/** The work of the `postventa templates` commands, loaded when one of them runs. */

export interface PreviewOptions {
  locale?: string;
  data?: string;
  out?: string;
  sendTo?: string;
  dir?: string;
}

/** `postventa templates preview`: renders a template to HTML, or sends it as a test email. */
export async function previewTemplate(template: string, options: PreviewOptions): Promise<void> {
  const config = AppConfig.fromEnvironment(process.env);
  const previews = new TemplatePreviewService(config, createLogger({ name: 'cli', level: 'warn' }), options.dir);
  try {
    const email = await previews.preview({ template, locale: options.locale, sampleFile: options.data });
    process.stderr.write(`${template} (${email.locale}): ${email.subject}\n`);

    if (options.out) {
      await writeFile(options.out, email.html);
      process.stderr.write(`wrote ${options.out}\n`);
    } else if (!options.sendTo) {
      process.stdout.write(email.html);
    }
    if (options.sendTo) {
      const sent = await previews.sendTest(options.sendTo, email);
      process.stderr.write(`test email sent (${sent.response})\n`);
    }
  } finally {
    previews.close();
  }
}

/** `postventa templates validate`: every template in every language against its sample; exit 1 on problems. */
export async function validateTemplatesIn(dir: string | undefined, options: { locales: string }): Promise<void> {
  const folder = resolve(dir ?? AppConfig.fromEnvironment(process.env).get('TEMPLATES_DIR'));
  const requiredLocales = options.locales
    .split(',')
    .map((l) => l.trim())
    .filter(Boolean);
  const report = await validateTemplates(new FileTemplateSource(folder), { requiredLocales });
  for (const problem of report.problems) {
    process.stdout.write(`${problem.file}: [${problem.code}] ${problem.message}\n`);
  }
  const summary = `${report.templates} templates, ${report.rendered} variants rendered, ${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}`;
  if (report.ok) {
    process.stdout.write(`ok: ${summary}\n`);
  } else {
    process.stderr.write(`templates in ${folder} have problems: ${summary}\n`);
    process.exitCode = 1;
  }
}

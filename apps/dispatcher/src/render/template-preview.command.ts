import { Command } from 'commander';
import { TemplatePreviewService } from '@postventa/mail';
import { AppConfig, createLogger } from '@postventa/platform';
import { writeFile } from 'node:fs/promises';

interface PreviewOptions {
  locale?: string;
  data?: string;
  out?: string;
  sendTo?: string;
  dir?: string;
}

/**
 * `postventa templates preview <template> [--locale es] [--data sample.json] [--out preview.html]
 * [--send-to address]`: renders a template with sample data (the template's own sample.json
 * unless --data names another) and writes the HTML, or sends it as a test email: subject
 * prefixed "[TEST]" and an `X-Postventa-Test: true` header. The admin API
 * (`POST /v1/templates/:id/preview|test-send`) shares the same TemplatePreviewService.
 */
export function templatePreviewCommand(): Command {
  return new Command('preview')
    .description('render a template with sample data to HTML, or send it as a test email')
    .argument('<template>', 'template id (its folder name), e.g. order-confirmation')
    .option('--locale <locale>', "language to render (es, en, pt, es-MX...); default: the sample's")
    .option('--data <file>', 'sample JSON ({ locale?, context, data? }); default: <template>/sample.json')
    .option('--out <file>', 'write the HTML here (default: standard output)')
    .option('--send-to <address>', 'send it as a test email to this address (SMTP_URL)')
    .option('--dir <dir>', 'templates folder (default: TEMPLATES_DIR)')
    .action(async (template: string, options: PreviewOptions) => {
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
    });
}

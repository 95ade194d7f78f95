import { Command } from 'commander';
import { AppConfig, createLogger, HealthRegistry } from '@postventa/platform';
import { FileTemplateSource, RenderContext, TemplateRenderer, templateSampleSchema } from '@postventa/templates';
import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { buildHeaders, messageIdFor, senderDomain, testSubject } from '../mail/mail-headers';
import { MailerService } from '../mail/mailer.service';

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
 * prefixed "[TEST]" and an `X-Postventa-Test: true` header.
 */
export function templatePreviewCommand(): Command {
  return new Command('preview')
    .description('render a template with sample data to HTML, or send it as a test email')
    .argument('<template>', 'template id (its folder name), e.g. order-confirmation')
    .option('--locale <locale>', 'language to render (es, en, pt, es-MX...); default: the sample\'s')
    .option('--data <file>', 'sample JSON ({ locale?, context, data? }); default: <template>/sample.json')
    .option('--out <file>', 'write the HTML here (default: standard output)')
    .option('--send-to <address>', 'send it as a test email to this address (SMTP_URL)')
    .option('--dir <dir>', 'templates folder (default: TEMPLATES_DIR)')
    .action(async (template: string, options: PreviewOptions) => {
      const config = AppConfig.fromEnvironment(process.env);
      const dir = resolve(options.dir ?? config.get('TEMPLATES_DIR'));
      const samplePath = resolve(options.data ?? join(dir, template, 'sample.json'));
      const sample = templateSampleSchema.safeParse(JSON.parse(await readFile(samplePath, 'utf8')));
      if (!sample.success) {
        const problems = sample.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
        throw new Error(`${samplePath} is not a valid sample:\n${problems}`);
      }
      const renderer = new TemplateRenderer(new FileTemplateSource(dir));
      const email = await renderer.render({
        template,
        locale: options.locale ?? sample.data.locale,
        context: sample.data.context as RenderContext,
        data: sample.data.data,
      });
      process.stderr.write(`${template} (${email.locale}): ${email.subject}\n`);

      if (options.out) {
        await writeFile(options.out, email.html);
        process.stderr.write(`wrote ${options.out}\n`);
      } else if (!options.sendTo) {
        process.stdout.write(email.html);
      }
      if (options.sendTo) {
        const mailer = new MailerService(config, new HealthRegistry(), createLogger({ name: 'cli', level: 'warn' }));
        const id = `test-${randomUUID()}`;
        try {
          const accepted = await mailer.send({
            to: options.sendTo,
            subject: testSubject(email.subject),
            html: email.html,
            text: email.text,
            messageId: messageIdFor(id, senderDomain(mailer.from)),
            headers: buildHeaders({ commandId: id, category: 'transactional', test: true }),
          });
          process.stderr.write(`test email sent (${accepted.response})\n`);
        } finally {
          mailer.close();
        }
      }
    });
}

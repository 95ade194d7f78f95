import { Command } from 'commander';
import type * as TemplatesRunner from './templates.runner';
import type { PreviewOptions } from './templates.runner';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when needed; the build keeps import() native
const runner = (): typeof TemplatesRunner => require('./templates.runner');

/**
 * `postventa templates preview <template> [--locale es] [--data sample.json] [--out preview.html]
 * [--send-to address]`: renders a template with sample data (the template's own sample.json
 * unless --data names another) and writes the HTML, or sends it as a test email: subject
 * prefixed "[TEST]" and an `X-Postventa-Test: true` header. The admin API
 * (`POST /v1/templates/:id/preview|test-send`) shares the same TemplatePreviewService, which is
 * loaded only when the command runs.
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
    .action((template: string, options: PreviewOptions) => runner().previewTemplate(template, options));
}

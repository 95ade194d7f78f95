import { Command } from 'commander';
import { AppConfig } from '@postventa/platform';
import { FileTemplateSource, validateTemplates } from '@postventa/templates';
import { resolve } from 'node:path';

/**
 * `postventa templates validate [dir] [--locales es,en,pt]`: renders every template in every
 * language against its sample.json and lists every problem; exits 1 when there is any.
 */
export function templateValidateCommand(): Command {
  return new Command('validate')
    .description('check every template in every language against its sample (exit 1 on problems)')
    .argument('[dir]', 'templates folder (default: TEMPLATES_DIR)')
    .option('--locales <list>', 'languages every template must have', 'es,en,pt')
    .action(async (dir: string | undefined, options: { locales: string }) => {
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
    });
}

import { Command } from 'commander';
import type * as TemplatesRunner from './templates.runner';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when needed; the build keeps import() native
const runner = (): typeof TemplatesRunner => require('./templates.runner');

/**
 * `postventa templates validate [dir] [--locales es,en,pt]`: renders every template in every
 * language against its sample.json and lists every problem; exits 1 when there is any. The
 * templates library is loaded only when the command runs.
 */
export function templateValidateCommand(): Command {
  return new Command('validate')
    .description('check every template in every language against its sample (exit 1 on problems)')
    .argument('[dir]', 'templates folder (default: TEMPLATES_DIR)')
    .option('--locales <list>', 'languages every template must have', 'es,en,pt')
    .action((dir: string | undefined, options: { locales: string }) => runner().validateTemplatesIn(dir, options));
}

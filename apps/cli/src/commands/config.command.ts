import { Command } from 'commander';
import type * as ConfigRunner from './config.runner';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when needed; the build keeps import() native
const runner = (): typeof ConfigRunner => require('./config.runner');

export function configCommand(): Command {
  const command = new Command('config').description('show or check the configuration');
  command
    .command('check')
    .description('validate the environment and print the effective configuration (secrets redacted)')
    .action(() => runner().checkConfig());
  command
    .command('docs')
    .description('print the configuration reference as a Markdown table')
    .action(() => runner().printConfigDocs());
  return command;
}

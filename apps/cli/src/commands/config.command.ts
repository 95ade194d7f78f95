import { Command } from 'commander';
import { AppConfig, describeConfiguration } from '@postventa/platform';

export function configCommand(): Command {
  const command = new Command('config').description('show or check the configuration');
  command
    .command('check')
    .description('validate the environment and print the effective configuration (secrets redacted)')
    .action(() => {
      process.stdout.write(`${JSON.stringify(AppConfig.fromEnvironment(process.env).redacted(), null, 2)}\n`);
    });
  command
    .command('docs')
    .description('print the configuration reference as a Markdown table')
    .action(() => {
      const rows = describeConfiguration().map((r) => `| \`${r.variable}\` | ${r.default ? `\`${r.default}\`` : '—'} | ${r.meaning} |`);
      process.stdout.write(['| Variable | Default | Meaning |', '|---|---|---|', ...rows].join('\n') + '\n');
    });
  return command;
}

import { Command } from 'commander';
import { AppConfig, ConfigError, CONFIG_EXIT_CODE, describeConfiguration } from '@postventa/platform';

export function configCommand(): Command {
  const command = new Command('config').description('show or check the configuration');
  command
    .command('check')
    .description('validate the environment and print the effective configuration (secrets redacted)')
    .action(() => {
      let config: AppConfig;
      try {
        config = AppConfig.fromEnvironment(process.env);
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        // The same message and exit code as an app refusing to start with this environment.
        process.stderr.write(`${error.message}\n`);
        process.exit(CONFIG_EXIT_CODE);
      }
      process.stdout.write(`${JSON.stringify(config.redacted(), null, 2)}\n`);
    });
  command
    .command('docs')
    .description('print the configuration reference as a Markdown table')
    .action(() => {
      const rows = describeConfiguration().map(
        (r) => `| \`${r.variable}\` | ${r.default ? `\`${r.default}\`` : '—'} | ${r.meaning} |`,
      );
      process.stdout.write(['| Variable | Default | Meaning |', '|---|---|---|', ...rows].join('\n') + '\n');
    });
  return command;
}

import { AppConfig, ConfigError, CONFIG_EXIT_CODE, describeConfiguration } from '@postventa/platform';

/** The work of the `postventa config` commands, loaded when one of them runs. */

/** `postventa config check`. */
export function checkConfig(): void {
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
}

/** `postventa config docs`. */
export function printConfigDocs(): void {
  const rows = describeConfiguration().map(
    (r) => `| \`${r.variable}\` | ${r.default ? `\`${r.default}\`` : '—'} | ${r.meaning} |`,
  );
  process.stdout.write(['| Variable | Default | Meaning |', '|---|---|---|', ...rows].join('\n') + '\n');
}

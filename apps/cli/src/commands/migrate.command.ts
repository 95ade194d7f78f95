import { Command } from 'commander';
import type * as MigrateRunner from './migrate.runner';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when needed; the build keeps import() native
const runner = (): typeof MigrateRunner => require('./migrate.runner');

export function migrateCommand(): Command {
  return new Command('migrate')
    .description('apply pending database migrations to DATABASE_URL')
    .option('--revert', 'revert the last applied migration instead')
    .action((options: { revert?: boolean }) => runner().migrate(options));
}

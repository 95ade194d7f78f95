import { createDataSource, runMigrations } from '@postventa/persistence';
import { AppConfig } from '@postventa/platform';

/** `postventa migrate [--revert]`, loaded when it runs (migrate.command.ts declares it). */
export async function migrate(options: { revert?: boolean }): Promise<void> {
  const config = AppConfig.fromEnvironment(process.env);
  const dataSource = createDataSource({
    url: config.require('DATABASE_URL'),
    applicationName: 'postventa-migrate',
  });
  await dataSource.initialize();
  try {
    if (options.revert) {
      await dataSource.undoLastMigration({ transaction: 'each' });
      process.stdout.write('reverted the last migration\n');
    } else {
      const applied = await runMigrations(dataSource);
      process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
    }
  } finally {
    await dataSource.destroy();
  }
}

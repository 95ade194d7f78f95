import { Global, Inject, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { AppConfig, HealthRegistry, LOGGER, Logger } from '@postventa/platform';
import { DataSource } from 'typeorm';
import { createDataSource, runMigrations } from './data-source';
import { TransactionRunner } from './transaction/transaction-runner';

/** The one door to PostgreSQL: a connected DataSource, migrated at start-up when configured. */
@Global()
@Module({
  providers: [
    {
      provide: DataSource,
      inject: [AppConfig, LOGGER],
      useFactory: async (config: AppConfig, logger: Logger) => {
        const dataSource = createDataSource({
          url: config.require('DATABASE_URL'),
          poolSize: config.get('DATABASE_POOL_SIZE'),
          applicationName: `postventa-${logger.bindings().service ?? 'app'}`,
          onConnectionError: (error) => logger.warn({ err: error }, 'database connection lost; the pool replaces it'),
        });
        try {
          await dataSource.initialize();
        } catch (error) {
          throw new Error(`Cannot connect to PostgreSQL at DATABASE_URL: ${(error as Error).message}`);
        }
        if (config.get('RUN_MIGRATIONS')) {
          const applied = await runMigrations(dataSource);
          if (applied.length > 0) logger.info({ migrations: applied }, 'database migrations applied');
        }
        return dataSource;
      },
    },
    TransactionRunner,
  ],
  exports: [DataSource, TransactionRunner],
})
export class DatabaseModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly dataSource: DataSource,
    private readonly health: HealthRegistry,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.health.register({ name: 'database', check: async () => void (await this.dataSource.query('SELECT 1')) });
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    this.logger.debug('database connections closed');
  }
}

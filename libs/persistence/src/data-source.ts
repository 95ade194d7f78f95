import { DataSource, DataSourceOptions } from 'typeorm';
import { migrations } from './migrations';

interface PgClientEvents {
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export interface DataSourceSettings {
  url: string;
  poolSize?: number;
  applicationName?: string;
  /** Told about errors on a pooled connection outside any query (e.g. the server restarting). */
  onConnectionError?: (error: Error) => void;
}

/**
 * The TypeORM data source. Schema changes only through migrations; `synchronize` stays off.
 * Repositories speak SQL through it, so it declares no entities.
 */
export function createDataSource(settings: DataSourceSettings): DataSource {
  const options: DataSourceOptions = {
    type: 'postgres',
    url: settings.url,
    migrations,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    applicationName: settings.applicationName ?? 'postventa',
    extra: {
      max: settings.poolSize ?? 10,
      connectionTimeoutMillis: 10_000,
      // A server that restarts sends every connection a FATAL message; one that arrives on a
      // connection TypeORM has just given back (or is closing) has no listener and would crash
      // the process. Every pooled connection gets a listener for its whole life; queries still
      // fail with their own errors and the pool replaces broken connections.
      onConnect: (client: PgClientEvents) => void client.on('error', (error) => settings.onConnectionError?.(error)),
    },
  };
  return new DataSource(options);
}

const MIGRATION_LOCK = 7_310_001;

/**
 * Applies pending migrations and returns the names of those applied. An advisory lock makes
 * processes that start together take turns instead of racing.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.release();
  }
}

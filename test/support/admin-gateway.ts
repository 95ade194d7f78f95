import { RunningApp } from '@postventa/platform';
import { gatewayApp } from '../../apps/gateway/src/gateway.module';
import { createTestDatabase, TestDatabase } from './test-database';
import { isolatedTopics, startTestApp } from './test-apps';

/** The admin key of the gateways `startAdminGateway` starts. */
export const TEST_ADMIN_KEY = 'admin-key-0123456789abcdef';

export interface AdminGateway {
  db: TestDatabase;
  gateway: RunningApp;
  stop(): Promise<void>;
}

/**
 * A real gateway on a fresh database of its own (migrated unless `migrate: false`), its own
 * topics, the shipped templates and `TEST_ADMIN_KEY` as its admin key; `env` adds or overrides.
 */
export async function startAdminGateway(
  env: Record<string, string> = {},
  options: { migrate?: boolean } = {},
): Promise<AdminGateway> {
  const db = await createTestDatabase(options);
  const gateway = await startTestApp(gatewayApp, {
    ...isolatedTopics(),
    DATABASE_URL: db.url,
    ADMIN_API_KEYS: TEST_ADMIN_KEY,
    TEMPLATES_DIR: 'flows/templates',
    ...env,
  });
  return {
    db,
    gateway,
    stop: async () => {
      await gateway.app.close();
      await db.drop();
    },
  };
}

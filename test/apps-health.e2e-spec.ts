import { AppConfig, RunningApp, startApp } from '@postventa/platform';
import { dispatcherApp } from '../apps/dispatcher/src/dispatcher.module';
import { engineApp } from '../apps/engine/src/engine.module';
import { gatewayApp } from '../apps/gateway/src/gateway.module';
import { createTestDatabase, TestDatabase } from './support/test-database';

describe('the three apps on real services', () => {
  let db: TestDatabase;
  const running: RunningApp[] = [];

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    const config = AppConfig.fromEnvironment({
      ...process.env,
      DATABASE_URL: db.url,
      GATEWAY_PORT: '0',
      ENGINE_PORT: '0',
      DISPATCHER_PORT: '0',
      LOG_LEVEL: 'warn',
    });
    for (const spec of [gatewayApp, engineApp, dispatcherApp]) running.push(await startApp(spec, config));
  });
  afterAll(async () => {
    for (const app of running) await app.app.close();
    await db?.drop();
  });

  it('each answers /health with every dependency up, after migrating on start', async () => {
    for (const app of running) {
      const response = await fetch(`${app.url}/health`);
      const body = (await response.json()) as { status: string; checks: Record<string, { status: string }> };
      expect({ app: app.name, status: response.status, body: body.status }).toEqual({
        app: app.name,
        status: 200,
        body: 'ok',
      });
      expect(Object.values(body.checks).every((c) => c.status === 'up')).toBe(true);
    }
    const checks = (await (await fetch(`${running[2].url}/health`)).json()) as { checks: Record<string, unknown> };
    expect(Object.keys(checks.checks).sort()).toEqual(['consumer:commands', 'database', 'kafka', 'producer', 'smtp']);
    const migrated: Array<{ count: string }> = await db.dataSource.query('SELECT count(*) FROM schema_migrations');
    expect(Number(migrated[0].count)).toBeGreaterThan(0);
  });

  it('exposes Prometheus metrics', async () => {
    const text = await (await fetch(`${running[0].url}/metrics`)).text();
    expect(text).toContain('postventa_process_cpu_user_seconds_total');
  });
});

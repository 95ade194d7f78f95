import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { builtEntry } from '@postventa/dev-services';
import { RunningApp } from '@postventa/platform';
import { gatewayApp } from '../apps/gateway/src/gateway.module';
import { engineApp } from '../apps/engine/src/engine.module';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { CLI_ENTRY } from './support/cli-entry';
import { isolatedTopics, startTestApp } from './support/test-apps';

const ROOT = join(__dirname, '..');
const MESSAGE = 'LINK_SIGNING_SECRET: is required when NODE_ENV=production';

/** Runs a Node entry point to its end; resolves with its exit code and output. */
function runToExit(
  args: string[],
  env: Record<string, string | undefined>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('configuration refused the same way by `config check` and the apps', () => {
  const production = { NODE_ENV: 'production', LINK_SIGNING_SECRET: '' };

  it('config check exits 78 in production without LINK_SIGNING_SECRET, naming the variable', async () => {
    const result = await runToExit([CLI_ENTRY, 'config', 'check'], production);
    expect(result.stderr).toContain(MESSAGE);
    expect(result.code).toBe(78);
  });

  it('the gateway refuses to start with exit code 78 and the same message', async () => {
    const result = await runToExit([builtEntry('gateway')], production);
    expect(result.stderr).toContain(MESSAGE);
    expect(result.code).toBe(78);
  });

  it('config check passes (exit 0) with the secret set', async () => {
    const result = await runToExit([CLI_ENTRY, 'config', 'check'], {
      ...production,
      LINK_SIGNING_SECRET: 'a-real-secret-of-at-least-32-characters!',
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ NODE_ENV: 'production', LINK_SIGNING_SECRET: '***' });
  });
});

describe('every HTTP response says X-Content-Type-Options: nosniff', () => {
  let db: TestDatabase;
  const running: RunningApp[] = [];
  const topics = isolatedTopics();

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    running.push(
      await startTestApp(gatewayApp, { ...topics, DATABASE_URL: db.url, ADMIN_API_KEYS: 'admin-key-0123456789abcdef' }),
    );
    running.push(await startTestApp(engineApp, { ...topics, DATABASE_URL: db.url, FLOWS_AUTO_PUBLISH: 'false' }));
  });
  afterAll(async () => {
    for (const app of running) await app.app.close();
    await db?.drop();
  });

  it.each([
    ['gateway', '/health'],
    ['gateway', '/no-such-route'],
    ['gateway', '/v1/alerts'],
    ['gateway', '/dashboard'],
    ['gateway', '/s/not-a-token'],
    ['engine', '/metrics'],
  ])('%s %s', async (app, path) => {
    const response = await fetch(`${running.find((r) => r.name === app)!.url}${path}`);
    await response.arrayBuffer();
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

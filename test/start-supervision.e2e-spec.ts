import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@postventa/dev-services';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { isolatedTopics } from './support/test-apps';
import { alive, httpStatus, StartProcess, waitUntil } from './support/start-process';

const APPS = ['gateway', 'engine', 'dispatcher'] as const;

describe('postventa start supervises the apps', () => {
  let db: TestDatabase;
  let dataDir: string;

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
  });
  afterAll(async () => db?.drop());
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'postventa-start-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  async function startStack(extra: Record<string, string> = {}, args: string[] = []) {
    const ports = { gateway: await freePort(), engine: await freePort(), dispatcher: await freePort() };
    const start = StartProcess.spawn(
      {
        ...isolatedTopics(),
        GATEWAY_PORT: String(ports.gateway),
        ENGINE_PORT: String(ports.engine),
        DISPATCHER_PORT: String(ports.dispatcher),
        DATABASE_URL: db.url,
        POSTVENTA_DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        FLOWS_AUTO_PUBLISH: 'false',
        // An app restarted after SIGKILL joins its consumer group once the broker has dropped the
        // dead member, after its session timeout (30 s by default; 6 s is the broker's minimum).
        ENGINE_SESSION_TIMEOUT_MS: '6000',
        DISPATCHER_SESSION_TIMEOUT_MS: '6000',
        SUPERVISOR_RESTART_INITIAL_MS: '100',
        ...extra,
      },
      args,
    );
    try {
      await start.waitFor('Press Ctrl-C to stop.', 240_000);
    } catch (error) {
      await start.interrupt();
      throw error;
    }
    const health = (app: (typeof APPS)[number]) => httpStatus(`http://127.0.0.1:${ports[app]}/health`);
    return { start, health };
  }

  it('restarts an app killed with SIGKILL, logs and counts it, and leaves the others running', async () => {
    const { start, health } = await startStack();
    try {
      let restarts = 0;
      for (const victim of APPS) {
        const before = start.appPids();
        expect(Object.keys(before).sort()).toEqual([...APPS].sort());
        process.kill(before[victim], 'SIGKILL');
        await waitUntil(
          `${victim} back with a new process`,
          async () => {
            const pid = start.appPids()[victim];
            return pid !== undefined && pid !== before[victim] && (await health(victim)) === 200;
          },
          60_000,
        );
        restarts += 1;
        const after = start.appPids();
        for (const other of APPS.filter((a) => a !== victim)) {
          expect(after[other]).toBe(before[other]);
          expect(await health(other)).toBe(200);
        }
        const logged = start.logRecords('app crashed; restarting').filter((r) => r.app === victim);
        expect(logged).toHaveLength(1);
        expect(logged[0]).toMatchObject({ app: victim, signal: 'SIGKILL', attempt: 1, restarts: 1 });
        expect(typeof logged[0].delayMs).toBe('number');
      }
      expect(start.logRecords('app crashed; restarting')).toHaveLength(restarts);
      expect(start.child.exitCode).toBeNull();
    } finally {
      // Even a supervisor killed outright leaves no app running on its own.
      const pids = Object.values(start.appPids());
      start.child.kill('SIGKILL');
      await start.exited;
      try {
        await waitUntil('the apps stopped after their supervisor died', () => pids.every((pid) => !alive(pid)), 30_000);
      } finally {
        for (const pid of pids.filter(alive)) process.kill(pid, 'SIGKILL');
      }
    }
  }, 600_000);

  it('stops everything and exits non-zero naming the app when it crashes too often in a short time', async () => {
    // The gateway is the bystander that must be stopped too.
    const { start } = await startStack({ SUPERVISOR_CRASH_LIMIT: '2', SUPERVISOR_CRASH_WINDOW_MS: '60000' }, [
      '--apps',
      'gateway,engine',
    ]);
    const first = start.appPids();
    process.kill(first.engine, 'SIGKILL');
    await waitUntil(
      'the engine restarted',
      () => {
        const pid = start.appPids().engine;
        return pid !== undefined && pid !== first.engine;
      },
      60_000,
    );
    const all = Object.values(start.appPids());
    expect(all).toHaveLength(2);
    process.kill(start.appPids().engine, 'SIGKILL');
    const { code } = await start.exited;
    expect(code).not.toBe(0);
    expect(start.output()).toMatch(/engine crashed 2 times within 60000 ms/);
    for (const pid of all) expect(alive(pid)).toBe(false);
  }, 400_000);
});

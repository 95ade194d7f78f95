import { ChildProcess, spawn } from 'node:child_process';
import { freePort, isProcessAlive } from '@postventa/dev-services';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { CLI_ENTRY } from './support/cli-entry';
import { isolatedTopics } from './support/test-apps';

function capture(child: ChildProcess): { output: () => string } {
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { output: () => output };
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('postventa start (what `npm start` runs)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
  });
  afterAll(async () => db?.drop());

  it('uses the services it is pointed at, starts the three apps, and stops them all on SIGINT', async () => {
    const ports = {
      GATEWAY_PORT: String(await freePort()),
      ENGINE_PORT: String(await freePort()),
      DISPATCHER_PORT: String(await freePort()),
    };
    const child = spawn(process.execPath, [CLI_ENTRY, 'start'], {
      env: {
        ...process.env,
        ...isolatedTopics(),
        ...ports,
        DATABASE_URL: db.url,
        LOG_LEVEL: 'warn',
        FLOWS_AUTO_PUBLISH: 'false',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log = capture(child);
    const done = exited(child);
    const deadline = Date.now() + 180_000;
    while (!log.output().includes('Press Ctrl-C to stop.') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    if (!log.output().includes('Press Ctrl-C to stop.')) child.kill('SIGINT');
    expect(log.output()).toContain('Postventa is running');
    expect(log.output()).not.toMatch(/\(local\)|local capture/);

    const pids: number[] = [];
    for (const port of Object.values(ports)) {
      const response = await fetch(`http://127.0.0.1:${port}/health`);
      expect(response.status).toBe(200);
    }
    // the apps run as child processes of the supervisor
    const { execSync } = await import('node:child_process');
    for (const line of execSync(`ps -o pid= --ppid ${child.pid}`).toString().trim().split('\n'))
      if (line.trim()) pids.push(Number(line));
    expect(pids.length).toBeGreaterThanOrEqual(3);

    child.kill('SIGINT');
    expect(await done).toBe(0);
    expect(log.output()).toContain('stopped.');
    for (const pid of pids) expect(isProcessAlive(pid)).toBe(false);
  }, 300_000);

  it('stops at start-up naming a bad variable', async () => {
    const child = spawn(process.execPath, [CLI_ENTRY, 'start'], {
      env: { ...process.env, GATEWAY_PORT: 'eighty' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log = capture(child);
    expect(await exited(child)).toBe(78);
    expect(log.output()).toContain('GATEWAY_PORT');
  });

  it('stops at start-up naming an unreachable service', async () => {
    const closed = await freePort();
    const child = spawn(process.execPath, [CLI_ENTRY, 'start'], {
      env: { ...process.env, DATABASE_URL: `postgres://u:p@127.0.0.1:${closed}/x`, SERVICE_PROBE_TIMEOUT_MS: '500' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log = capture(child);
    expect(await exited(child)).toBe(1);
    expect(log.output()).toMatch(
      /DATABASE_URL points at 127\.0\.0\.1:\d+, which does not accept connections \(tried for 500 ms\)/,
    );
  });
});

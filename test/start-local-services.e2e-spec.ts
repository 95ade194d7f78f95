import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { freePort } from '@postventa/dev-services';
import { alive, childrenOf, httpStatus, StartProcess, waitUntil } from './support/start-process';

interface Addresses {
  kafka: string;
  postgres: string;
  smtp: string;
  mail: string;
}

/** The addresses `start` printed, in the order it printed them. */
function printedAddresses(output: string): Addresses {
  const line = (name: string) => output.match(new RegExp(`^  ${name} +(\\S+)`, 'm'))?.[1] ?? '';
  return { kafka: line('kafka'), postgres: line('postgres'), smtp: line('smtp'), mail: line('mail') };
}

function pidFrom(file: string): number {
  return Number(readFileSync(file, 'utf8').split('\n')[0].trim());
}

async function postgresAnswers(printedUrl: string): Promise<boolean> {
  const url = new URL(printedUrl);
  url.password = 'postventa'; // the local server's development password (printed redacted)
  const client = new Client({ connectionString: url.toString(), connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    const result = await client.query('SELECT 1 AS one');
    return result.rows[0]?.one === 1;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function kafkaAnswers(bootstrap: string): Promise<boolean> {
  const admin = new Kafka({
    clientId: 'start-ports-test',
    brokers: [bootstrap],
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
    connectionTimeout: 2000,
  }).admin();
  try {
    await admin.connect();
    await admin.listTopics();
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * `npm start` with its own local Kafka broker, PostgreSQL server and SMTP capture (none of the
 * variables set): a dead service is restarted on its port and data, and a full stop and start
 * with the same data folder keeps every address it printed.
 */
describe('postventa start with local services', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'postventa-local-'));
  const kafkaPidFile = join(dataDir, 'kafka', 'broker.pid');
  const postgresPidFile = join(dataDir, 'postgres', 'cluster', 'postmaster.pid');
  let env: Record<string, string | undefined>;

  beforeAll(async () => {
    env = {
      KAFKA_BROKERS: undefined,
      DATABASE_URL: undefined,
      SMTP_URL: undefined,
      SMTP_CAPTURE_URL: undefined,
      INGEST_API_KEYS: undefined,
      ADMIN_API_KEYS: undefined,
      POSTVENTA_DATA_DIR: dataDir,
      GATEWAY_PORT: String(await freePort()),
      ENGINE_PORT: String(await freePort()),
      DISPATCHER_PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
      LOCAL_KAFKA_HEAP: '384m',
      FLOWS_AUTO_PUBLISH: 'false',
    };
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  /** Stops `start` with Ctrl-C and checks that nothing it ran is left behind. */
  async function stopAndCheck(start: StartProcess): Promise<void> {
    const services = [kafkaPidFile, postgresPidFile].filter((file) => existsSync(file)).map(pidFrom);
    const pids = [...childrenOf(start.pid).map((c) => c.pid), ...services];
    const { code } = await start.interrupt();
    expect(code).toBe(0);
    await waitUntil('every process stopped', () => pids.every((pid) => !alive(pid)), 10_000);
  }

  it('restarts a killed Kafka broker and PostgreSQL on their ports, and a full restart keeps every printed address', async () => {
    const first = StartProcess.spawn(env);
    let before: Addresses;
    let adminKey = '';
    try {
      await first.waitFor('Press Ctrl-C to stop.', 240_000);
      before = printedAddresses(first.output());
      expect(first.output()).toContain('(local)');
      expect(before.kafka).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(existsSync(join(dataDir, 'ports.json'))).toBe(true);
      const apps = first.appPids();

      // No keys configured: local ones are made, printed, handed to the apps and to other commands.
      adminKey = first.output().match(/^ {2}admin key +(\S+)/m)?.[1] ?? '';
      expect(adminKey).toMatch(/^pv_local_[0-9a-f]{32}$/);
      const services = JSON.parse(readFileSync(join(dataDir, 'services.json'), 'utf8')) as {
        env: Record<string, string>;
      };
      expect(services.env.ADMIN_API_KEYS).toBe(adminKey);
      expect(services.env.INGEST_API_KEYS).toMatch(/^pv_local_[0-9a-f]{32}$/);
      const flows = await fetch(`http://127.0.0.1:${env.GATEWAY_PORT}/v1/flows`, {
        headers: { authorization: `Bearer ${adminKey}` },
      });
      expect(flows.status).toBe(200);

      // The broker and PostgreSQL die together: each comes back on its port (restarted side by
      // side), the apps keep running.
      const brokerPid = pidFrom(kafkaPidFile);
      const postmasterPid = pidFrom(postgresPidFile);
      process.kill(brokerPid, 'SIGKILL');
      process.kill(postmasterPid, 'SIGKILL');
      await Promise.all([
        waitUntil(
          'the broker back on its port',
          async () =>
            existsSync(kafkaPidFile) && pidFrom(kafkaPidFile) !== brokerPid && (await kafkaAnswers(before.kafka)),
          120_000,
        ),
        waitUntil(
          'PostgreSQL back on its port',
          async () =>
            existsSync(postgresPidFile) &&
            pidFrom(postgresPidFile) !== postmasterPid &&
            (await postgresAnswers(before.postgres)),
          120_000,
        ),
      ]);
      for (const service of ['kafka', 'postgres']) {
        expect(
          first.logRecords('service crashed; restarting').some((r) => r.service === service && r.signal === 'SIGKILL'),
        ).toBe(true);
      }

      // The apps ride it out (or are restarted themselves): all three answer again.
      expect(Object.keys(first.appPids()).sort()).toEqual(Object.keys(apps).sort());
      for (const port of [env.GATEWAY_PORT, env.ENGINE_PORT, env.DISPATCHER_PORT]) {
        await waitUntil(
          `the app on ${port} answering`,
          async () => (await httpStatus(`http://127.0.0.1:${port}/health`)) === 200,
          60_000,
        );
      }
    } finally {
      await stopAndCheck(first);
    }

    // The services are what this start is about: one app is enough to see them used again.
    const second = StartProcess.spawn(env, ['--apps', 'gateway']);
    try {
      await second.waitFor('Press Ctrl-C to stop.', 240_000);
      expect(printedAddresses(second.output())).toEqual(before);
      expect(second.output()).toContain(`admin key   ${adminKey}`);
      expect(await kafkaAnswers(before.kafka)).toBe(true);
      expect(await postgresAnswers(before.postgres)).toBe(true);
      expect(await httpStatus(`${before.mail}`)).toBe(200);
    } finally {
      await stopAndCheck(second);
    }
  }, 600_000);
});

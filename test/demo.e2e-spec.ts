import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { freePort } from '@postventa/dev-services';
import { RunningApp } from '@postventa/platform';
import { dispatcherApp } from '../apps/dispatcher/src/dispatcher.module';
import { engineApp } from '../apps/engine/src/engine.module';
import { gatewayApp } from '../apps/gateway/src/gateway.module';
import { CLI_ENTRY } from './support/cli-entry';
import { SmtpCaptureClient } from './support/smtp-capture.client';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { isolatedTopics, startTestApp } from './support/test-apps';

const ROOT = join(__dirname, '..');
const INGEST_KEY = 'demo-e2e-ingest-key-0123456789';
const ADMIN_KEY = 'demo-e2e-admin-key-0123456789';

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `postventa demo ...` in its own process, as the CLI's build runs it. */
function demo(args: string[], env: Record<string, string | undefined>, timeoutMs: number): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI_ENTRY, 'demo', '--no-progress', ...args],
      {
        cwd: ROOT,
        env: { ...process.env, LOG_LEVEL: 'warn', ...env },
        timeout: timeoutMs,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

/**
 * `npm run demo` on the whole product on real services: the gateway, engine and dispatcher run here
 * (with the shipped flows auto-published, as `npm start` does), the demo runs as its own process
 * against them, and what it did is checked in PostgreSQL, the SMTP capture and the admin API.
 */
describe('postventa demo (npm run demo)', () => {
  const capture = new SmtpCaptureClient();
  const run = capture.available ? it : it.skip;
  const apps: RunningApp[] = [];
  let db: TestDatabase;
  let gatewayUrl: string;
  const runId = `e2e${randomUUID().replace(/-/g, '').slice(0, 8)}`;
  // The two runs that stop with a message go on alongside the store's run (each CLI start takes a while).
  let closedPort: number;
  let notRunning: Promise<CliResult>;
  let withoutIngestKey: Promise<CliResult>;

  beforeAll(async () => {
    closedPort = await freePort();
    notRunning = demo(
      [
        '--customers',
        '5',
        '--gateway',
        `http://127.0.0.1:${closedPort}`,
        '--api-key',
        INGEST_KEY,
        '--capture',
        'http://127.0.0.1:1',
      ],
      {},
      60_000,
    );
    db = await createTestDatabase();
    gatewayUrl = `http://127.0.0.1:${await freePort()}`;
    const env = {
      ...isolatedTopics(),
      DATABASE_URL: db.url,
      FLOWS_DIR: join(ROOT, 'flows'),
      TEMPLATES_DIR: join(ROOT, 'flows', 'templates'),
      TEAMS_FILE: join(ROOT, 'config', 'teams.yaml'),
      INGEST_API_KEYS: INGEST_KEY,
      ADMIN_API_KEYS: ADMIN_KEY,
      PUBLIC_BASE_URL: gatewayUrl,
      SCHEDULER_INTERVAL_MS: '200',
      OUTBOX_INTERVAL_MS: '200',
      ALERT_POLL_INTERVAL_MS: '200',
      SMTP_RATE_LIMIT: '0',
    };
    // The three apps start side by side, as `npm start` starts them; the run without an ingest key
    // starts as soon as the gateway answers.
    const started = await Promise.allSettled([
      startTestApp(engineApp, env),
      startTestApp(dispatcherApp, env),
      startTestApp(gatewayApp, { ...env, GATEWAY_PORT: new URL(gatewayUrl).port }).then((gateway) => {
        withoutIngestKey = demo(['--customers', '5', '--gateway', gatewayUrl], { INGEST_API_KEYS: '' }, 60_000);
        return gateway;
      }),
    ]);
    for (const app of started) if (app.status === 'fulfilled') apps.push(app.value);
    for (const app of started) if (app.status === 'rejected') throw app.reason;
  }, 120_000);

  afterAll(async () => {
    await Promise.all([notRunning, withoutIngestKey]);
    // The apps stop side by side, as `npm start` stops them.
    const closed = await Promise.allSettled(apps.map((app) => app.app.close()));
    await db?.drop();
    for (const app of closed) if (app.status === 'rejected') throw app.reason;
  });

  run(
    'runs a small store: journeys of the demo flows, emails, survey answers through the links, alerts, KPIs',
    async () => {
      const result = await demo(
        [
          '--customers',
          '60',
          '--duration',
          '12',
          '--speed',
          '5',
          '--settle',
          '60',
          '--seed',
          '7',
          '--run-id',
          runId,
          '--gateway',
          gatewayUrl,
          '--api-key',
          INGEST_KEY,
          '--admin-key',
          ADMIN_KEY,
          '--capture',
          process.env.SMTP_CAPTURE_URL!,
        ],
        { DATABASE_URL: db.url, FLOWS_DIR: join(ROOT, 'flows') },
        240_000,
      );
      expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
      expect(result.stdout).toContain(`Demo run ${runId} (seed 7)`);
      expect(result.stdout).toContain('waits divided by 5');
      expect(result.stdout).toContain(`dashboard   ${gatewayUrl}/dashboard`);
      expect(result.stdout).toContain(`inbox       ${process.env.SMTP_CAPTURE_URL}/messages`);
      const prefix = `demo_${runId}_%`;
      const count = async (sql: string): Promise<number> => Number((await db.dataSource.query(sql, [prefix]))[0].count);

      // every event reached the engine
      const planned = Number(/events\s+(\d+) accepted of (\d+)/.exec(result.stdout)?.[2]);
      expect(result.stdout).toContain(`events      ${planned} accepted of ${planned}`);
      expect(await count(`SELECT count(*) FROM customers WHERE id LIKE $1`)).toBe(60);

      // journeys of the demo flows, none of the shipped flows they stand in for
      const journeys: Array<{ flow_id: string; count: string }> = await db.dataSource.query(
        `SELECT flow_id, count(*) FROM journey_instances WHERE customer_id LIKE $1 GROUP BY flow_id`,
        [prefix],
      );
      const flows = new Map(journeys.map((j) => [j.flow_id, Number(j.count)]));
      expect(flows.get('demo-smot-onboarding')).toBeGreaterThan(30);
      expect(flows.get('demo-saas-activation')).toBeGreaterThan(5);
      expect([...flows.keys()].filter((id) => !id.startsWith('demo-'))).toEqual([]);

      // the journeys ran on the demo flows with their waits divided by --speed
      const versions: Array<{ flow_id: string; definition: { steps: Array<{ id: string; duration?: string }> } }> =
        await db.dataSource.query(
          `SELECT DISTINCT v.flow_id, v.definition FROM journey_instances j
             JOIN flow_versions v ON v.flow_id = j.flow_id AND v.version = j.flow_version
            WHERE j.customer_id LIKE $1 AND j.flow_id = 'demo-smot-onboarding'`,
          [prefix],
        );
      expect(
        versions.map((v) => v.definition.steps.find((step) => step.id === 'wait-before-survey')?.duration),
      ).toEqual(['PT2S']);

      // emails went out to the customers' example addresses and were captured
      const [customer] = await db.dataSource.query(
        `SELECT email FROM customers WHERE id LIKE $1 AND email IS NOT NULL ORDER BY id LIMIT 1`,
        [prefix],
      );
      expect(customer.email).toMatch(/@example\.(com|org|net)$/);
      expect((await capture.messages(customer.email)).length).toBeGreaterThan(0);
      expect(
        await count(`SELECT count(*) FROM deliveries WHERE customer_id LIKE $1 AND status = 'sent'`),
      ).toBeGreaterThan(100);

      // answers came in through the signed links: recorded with the email they came from
      const answers: Array<{ kind: string; score: number; command_id: string | null }> = await db.dataSource.query(
        `SELECT kind, score, command_id FROM survey_answers WHERE customer_id LIKE $1`,
        [prefix],
      );
      expect(answers.length).toBeGreaterThan(5);
      expect(answers.every((a) => a.command_id !== null)).toBe(true);
      expect(answers.filter((a) => a.kind === 'nps').length).toBeGreaterThan(5);
      const reported = /answers\s+NPS (\d+)/.exec(result.stdout)?.[1];
      expect(answers.filter((a) => a.kind === 'nps').length).toBe(Number(reported));

      // at-risk alerts were raised, and the support leads acted on some
      expect(await count(`SELECT count(*) FROM alerts WHERE customer_id LIKE $1`)).toBeGreaterThan(0);
      expect(await count(`SELECT count(*) FROM alerts WHERE customer_id LIKE $1 AND state <> 'open'`)).toBeGreaterThan(
        0,
      );

      // the shipped flows run again, the demo flows take no new journeys
      const heads: Array<{ flow_id: string; status: string }> = await db.dataSource.query(
        `SELECT DISTINCT ON (flow_id) flow_id, status FROM flow_versions ORDER BY flow_id, number DESC`,
      );
      const status = new Map(heads.map((h) => [h.flow_id, h.status]));
      for (const id of ['smot-onboarding', 'refund-recovery', 'saas-activation', 'saas-milestones']) {
        expect(status.get(id)).toBe('active');
        expect(status.get(`demo-${id}`)).toBe('archived');
      }

      // the KPIs have something to show
      const kpis = await fetch(`${gatewayUrl}/v1/kpis`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
      expect(kpis.status).toBe(200);
      const body = (await kpis.json()) as Record<string, unknown>;
      expect(Object.keys(body).length).toBeGreaterThan(0);
    },
    300_000,
  );

  it('says what to do when Postventa is not running', async () => {
    const result = await notRunning;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`no Postventa gateway answers at http://127.0.0.1:${closedPort}`);
    expect(result.stderr).toContain('npm start');
  });

  it('says what to do without an ingest key', async () => {
    const result = await withoutIngestKey;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no ingest key');
    expect(result.stderr).toContain('INGEST_API_KEYS');
  });
});

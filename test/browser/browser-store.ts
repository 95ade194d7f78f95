import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sampleEvent } from '@postventa/contracts';
import { freePort, SmtpCaptureServer } from '@postventa/dev-services';
import { RunningApp } from '@postventa/platform';
import { dispatcherApp } from '../../apps/dispatcher/src/dispatcher.module';
import { engineApp } from '../../apps/engine/src/engine.module';
import { gatewayApp } from '../../apps/gateway/src/gateway.module';
import { SmtpCaptureClient } from '../support/smtp-capture.client';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { eventually, isolatedTopics, startTestApp } from '../support/test-apps';

const ROOT = join(__dirname, '..', '..');

export const ADMIN_KEY = 'browser-admin-key-0123456789';
const INGEST_KEY = 'browser-ingest-key-0123456789';

/** How the store is filled: `postventa demo` (default), or this file's own events and survey answers. */
const SEED = process.env.BROWSER_SEED === 'pipeline' ? 'pipeline' : 'demo';

/**
 * The three apps on real Kafka, PostgreSQL and an SMTP server of their own (the capture that
 * `npm start` runs locally), filled with a small store through
 * the real pipeline (events in over HTTP, engine, dispatcher, emails, survey links).
 */
export class BrowserStore {
  readonly apps: RunningApp[] = [];
  /** This run's own SMTP capture: the inbox panel and the survey links see only this store's mail. */
  private readonly smtp = new SmtpCaptureServer({ dataDir: mkdtempSync(join(tmpdir(), 'postventa-browser-mail-')) });
  private smtpUrls!: { smtpUrl: string; apiUrl: string };
  capture!: SmtpCaptureClient;
  db!: TestDatabase;
  gatewayUrl = '';
  private env: Record<string, string> = {};
  readonly runId = `b${Date.now().toString(36).slice(-5)}`;

  async start(): Promise<void> {
    this.db = await createTestDatabase({ migrate: false });
    this.smtpUrls = await this.smtp.start();
    this.capture = new SmtpCaptureClient(this.smtpUrls.apiUrl);
    // The demo publishes its fast copies of the shipped flows itself; the own seeding starts with them.
    const flowsDir = SEED === 'demo' ? join(ROOT, 'flows') : mkdtempSync(join(tmpdir(), 'postventa-browser-flows-'));
    if (SEED === 'pipeline') {
      const demo = join(ROOT, 'flows', 'demo');
      // Without frequency caps (a cap would defer the survey).
      for (const file of readdirSync(demo).filter((f) => f.endsWith('.yaml')))
        writeFileSync(
          join(flowsDir, file),
          readFileSync(join(demo, file), 'utf8').replace(/\npolicies:[\s\S]*?\n(?=steps:)/, '\n'),
        );
    }
    const port = await freePort();
    this.gatewayUrl = `http://127.0.0.1:${port}`;
    const env = (this.env = {
      ...isolatedTopics(),
      DATABASE_URL: this.db.url,
      FLOWS_DIR: flowsDir,
      INGEST_API_KEYS: INGEST_KEY,
      ADMIN_API_KEYS: ADMIN_KEY,
      PUBLIC_BASE_URL: this.gatewayUrl,
      SCHEDULER_INTERVAL_MS: '200',
      OUTBOX_INTERVAL_MS: '200',
      ALERT_POLL_INTERVAL_MS: '200',
      LINK_RATE_LIMIT: '1000',
      SMTP_URL: this.smtpUrls.smtpUrl,
      SMTP_CAPTURE_URL: this.smtpUrls.apiUrl,
    });
    this.apps.push(await startTestApp(engineApp, env));
    this.apps.push(await startTestApp(dispatcherApp, env));
    this.apps.push(await startTestApp(gatewayApp, { ...env, GATEWAY_PORT: String(port) }));
  }

  /** Fills the store: `postventa demo` with 200 customers, or BROWSER_SEED=pipeline's own eight. */
  async seedStore(): Promise<void> {
    if (SEED === 'pipeline') {
      await this.seed([10, 9, 3, 2, 8, 10, 6, 9]);
      return;
    }
    const args = [
      join(ROOT, 'bin', 'postventa.js'),
      'demo',
      ...['--customers', process.env.BROWSER_DEMO_CUSTOMERS ?? '200', '--duration', '20', '--settle', '30'],
      ...['--gateway', this.gatewayUrl, '--api-key', INGEST_KEY, '--admin-key', ADMIN_KEY, '--no-progress'],
      ...['--capture', this.smtpUrls.apiUrl],
    ];
    await promisify(execFile)(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, ...this.env, LOG_LEVEL: 'warn' },
      maxBuffer: 16 * 1024 * 1024,
    });
  }

  /** A customer with emails and a survey answer (for the search). */
  async someCustomer(): Promise<string> {
    const [row] = await this.db.dataSource.query(
      `SELECT customer_id FROM survey_answers ORDER BY first_answered_at DESC LIMIT 1`,
    );
    if (!row) throw new Error('The store has no answered survey');
    return row.customer_id as string;
  }

  async stop(): Promise<void> {
    for (const app of this.apps.reverse()) await app.app.close();
    await this.smtp.stop();
    await this.db?.drop();
  }

  /**
   * A small store through the real pipeline: customers order, get their order delivered, use the
   * product and answer the NPS survey by its email link (detractors raise alerts, promoters get a
   * review request). Returns the customer ids.
   */
  async seed(scores: readonly number[]): Promise<string[]> {
    const locales = ['pt-BR', 'es-ES', 'en-US'];
    const customers = scores.map((_, i) => `cus_${this.runId}_${String(i).padStart(2, '0')}`);
    const now = Date.now();
    const at = (seconds: number) => new Date(now + seconds * 1000).toISOString();
    await Promise.all(
      customers.map(async (customer, i) => {
        const order = `ord_${customer}`;
        const profile = {
          email: `${customer}@example.com`,
          name: `Cliente ${i}`,
          locale: locales[i % locales.length],
          timezone: 'UTC',
          consent: { marketing: true },
        };
        // Each event once the journey waits for it (as a store's would come, hours apart).
        await this.post(
          this.event('order.placed', `evt_${customer}_1`, customer, at(0), { order_id: order, customer: profile }),
        );
        await this.emails(profile.email, 2); // confirmation, what to expect
        await this.post(this.event('order.delivered', `evt_${customer}_2`, customer, at(1), { order_id: order }));
        await this.emails(profile.email, 3); // usage guide
        await this.post(this.event('product.first_used', `evt_${customer}_3`, customer, at(2), { order_id: order }));
      }),
    );
    await Promise.all(customers.map((customer, i) => this.answerSurvey(customer, scores[i])));
    const detractors = scores.filter((s) => s <= 6).length;
    await eventually(
      async () => (await this.db.dataSource.query(`SELECT count(*)::int AS n FROM alerts`))[0].n as number,
      (n) => n >= detractors,
      90_000,
    );
    return customers;
  }

  private async emails(to: string, count: number): Promise<void> {
    const found = await this.capture.waitFor(to, count, 120_000);
    if (found.length < count) throw new Error(`${to} got ${found.length} emails, not ${count}`);
  }

  private async answerSurvey(customer: string, score: number): Promise<void> {
    const email = `${customer}@example.com`;
    const messages = await eventually(
      () => this.capture.messages(email),
      (found) => found.some((m) => /\/s\/[^"?]+\?score=\d+/.test(m.html ?? '')),
      120_000,
      500,
    );
    const survey = messages.find((m) => /\/s\/[^"?]+\?score=\d+/.test(m.html ?? ''));
    if (!survey) throw new Error(`No survey email reached ${email}`);
    const links = [...(survey.html ?? '').matchAll(/href="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));
    const link = links.find((l) => new RegExp(`/s/[^?]+\\?score=${score}$`).test(l));
    if (!link) throw new Error(`The survey to ${email} has no link for ${score}`);
    const answer = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `score=${score}`,
    });
    if (answer.status !== 200) throw new Error(`Answering ${link}: HTTP ${answer.status}`);
  }

  private event(
    type: 'order.placed' | 'order.delivered' | 'product.first_used',
    id: string,
    customer: string,
    time: string,
    data: Record<string, unknown>,
  ): object {
    const built = sampleEvent(type, { id, subject: customer, time });
    const { customer: _sample, ...rest } = built.data as Record<string, unknown>;
    return { ...built, data: { ...rest, ...data } };
  }

  private async post(event: object): Promise<void> {
    const response = await fetch(`${this.gatewayUrl}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${INGEST_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(event),
    });
    if (response.status !== 202) throw new Error(`POST /v1/events: HTTP ${response.status} ${await response.text()}`);
  }
}

import { signLink, SurveyLink } from '@postventa/engagement';
import { RunningApp } from '@postventa/platform';
import { Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gatewayApp } from '../apps/gateway/src/gateway.module';
import { alertsTestApp } from './support/alerts-test-app';
import { TEST_LINK_SECRET } from './support/dispatcher-fixtures';
import { testKafka } from './support/kafka';
import { eventually, isolatedTopics, startTestApp } from './support/test-apps';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { TopicCollector } from './support/topic-collector';
import { WebhookReceiver } from './support/webhook-receiver';

/**
 * Survey links fetched by machines (mail scanners, link previews) never answer for the customer:
 * the real gateway (links), the engine's risk scoring and the dispatcher's alert delivery, on the
 * real Kafka and PostgreSQL.
 */
describe('survey links and link scanners (real gateway, engine risk, alert delivery, Kafka, PostgreSQL)', () => {
  const run = randomUUID().slice(0, 8);
  const topics = isolatedTopics();
  const receiver = new WebhookReceiver();
  const SETTLE_MINUTES = 0.05; // 3 s
  let db: TestDatabase;
  let gateway: RunningApp;
  let engine: RunningApp;
  let kafka: Kafka;
  let feedback: TopicCollector;

  const customer = (name: string) => `cus_${run}_${name}`;
  const surveyLink = (name: string): SurveyLink => ({
    kind: 'survey',
    customerId: customer(name),
    commandId: `cmd_${run}_${name}`,
    surveyId: `srv_${run}_${name}`,
    surveyKind: 'nps',
    locale: 'en',
    flowId: 'smot',
    flowVersion: 1,
    stepId: 'nps',
    expiresAt: new Date(Date.now() + 86_400_000),
  });
  const scoreUrl = (link: SurveyLink, score: number) =>
    `${gateway.url}/s/${signLink(link, TEST_LINK_SECRET)}?score=${score}`;
  const answeredEvents = (link: SurveyLink) =>
    feedback.of('survey.answered', (e) => e.data.survey_id === link.surveyId);
  const alertsOf = (customerId: string): Promise<Array<{ id: string; state: string; signal_count: number }>> =>
    db.dataSource.query(`SELECT id, state, signal_count FROM alerts WHERE customer_id = $1 ORDER BY raised_at`, [
      customerId,
    ]);
  const post = (url: string, form: Record<string, string>) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
  const answerRow = async (link: SurveyLink): Promise<{ score: number; revision: number } | undefined> =>
    (await db.dataSource.query(`SELECT score, revision FROM survey_answers WHERE survey_id = $1`, [link.surveyId]))[0];
  const processedByEngine = async (eventId: string) =>
    (await db.dataSource.query(`SELECT 1 FROM inbox_events WHERE event_id = $1`, [eventId])).length === 1;

  /**
   * A customer who answers for real (POST) and whose answer the engine has processed: every
   * feedback event the gateway published before it has been produced, and the engine has caught
   * up with that customer's partition at least.
   */
  async function sentinel(name: string): Promise<void> {
    const link = surveyLink(name);
    expect((await post(scoreUrl(link, 10), { score: '10' })).status).toBe(200);
    expect(await eventually(() => processedByEngine(`${link.surveyId}:answered:1`), Boolean)).toBe(true);
    await eventually(
      async () => answeredEvents(link),
      (e) => e.length === 1,
    );
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    await receiver.start();
    const dir = mkdtempSync(join(tmpdir(), 'postventa-scanner-'));
    const teamsFile = join(dir, 'teams.yaml');
    writeFileSync(
      teamsFile,
      `teams:
  - name: care
    members: [{ name: "Lead ${run}", email: "lead.${run}@support.test" }]
    webhook_url: ${receiver.url}/care
    default: true
`,
    );
    const env = {
      ...topics,
      DATABASE_URL: db.url,
      LINK_SIGNING_SECRET: TEST_LINK_SECRET,
      TEAMS_FILE: teamsFile,
      ADMIN_API_KEYS: `admin-key-${run}-0123456789`,
      ALERT_POLL_INTERVAL_MS: '200',
      ALERT_SLA: 'PT1H',
      SURVEY_SETTLE_MINUTES: String(SETTLE_MINUTES),
      SURVEY_BURST_SECONDS: '10',
      SURVEY_CHANGE_WINDOW_MINUTES: '60',
      LINK_RATE_LIMIT: '1000',
    };
    gateway = await startTestApp(gatewayApp, env);
    engine = await startTestApp(alertsTestApp, env);
    kafka = testKafka();
    feedback = new TopicCollector(kafka, topics.TOPIC_FEEDBACK);
    await feedback.start();
  });

  afterAll(async () => {
    await feedback?.stop();
    await engine?.app.close();
    await gateway?.app.close();
    await receiver.stop();
    await db?.drop();
  });

  it('a HEAD of a score link records nothing and publishes nothing', async () => {
    const link = surveyLink('head');
    for (let score = 0; score <= 10; score++) {
      const response = await fetch(scoreUrl(link, score), { method: 'HEAD' });
      expect(response.status).toBe(200);
    }
    await sentinel('head-sentinel');
    expect(answeredEvents(link)).toEqual([]);
    expect(
      await db.dataSource.query(`SELECT 1 FROM survey_provisional_answers WHERE survey_id = $1`, [link.surveyId]),
    ).toEqual([]);
    expect(await answerRow(link)).toBeUndefined();
  });

  it("a scanner's HEAD + GET of all 11 score links answers nothing, even after the settle window; the customer's POST answers at once", async () => {
    const link = surveyLink('scanned');
    for (let score = 0; score <= 10; score++) {
      expect((await fetch(scoreUrl(link, score), { method: 'HEAD' })).status).toBe(200);
      const page = await fetch(scoreUrl(link, score));
      expect(page.status).toBe(200);
      expect(await page.text()).toContain(`value="${score}" checked`);
    }
    const [pending] = await db.dataSource.query(
      `SELECT burst, settle_at FROM survey_provisional_answers WHERE survey_id = $1`,
      [link.surveyId],
    );
    expect(pending.burst).toBe(true);

    // Past the settle window (a single GET made at the same time settles meanwhile): still nothing.
    const single = surveyLink('scanned-single');
    expect((await fetch(scoreUrl(single, 7))).status).toBe(200);
    const settled = await eventually(
      async () => answeredEvents(single),
      (e) => e.length === 1,
    );
    expect(settled).toHaveLength(1);
    expect(Date.now()).toBeGreaterThan(new Date(pending.settle_at).getTime());
    await sentinel('scanned-sentinel');
    expect(answeredEvents(link)).toEqual([]);
    expect(await answerRow(link)).toBeUndefined();
    expect(await alertsOf(customer('scanned'))).toEqual([]);

    // The customer sends the form for 3: published and acted on at once (an alert for a detractor).
    const response = await post(scoreUrl(link, 3), { score: '3', comment: 'It broke' });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Your answer: 3 out of 10.');
    const events = await eventually(
      async () => answeredEvents(link),
      (e) => e.length === 1,
    );
    expect(events.map((e) => [e.data.score, e.data.comment, e.data.revision])).toEqual([[3, 'It broke', 1]]);
    const alerts = await eventually(
      () => alertsOf(customer('scanned')),
      (a) => a.length === 1,
    );
    expect(alerts).toHaveLength(1);
    expect(
      await db.dataSource.query(`SELECT 1 FROM survey_provisional_answers WHERE survey_id = $1`, [link.surveyId]),
    ).toEqual([]);
  });

  it('a score only opened (one GET) and never sent becomes the answer after the settle window', async () => {
    const link = surveyLink('settles');
    const page = await fetch(scoreUrl(link, 2));
    expect(page.status).toBe(200);
    expect(await answerRow(link)).toBeUndefined();
    const events = await eventually(
      async () => answeredEvents(link),
      (e) => e.length === 1,
      30_000,
    );
    expect(events.map((e) => [e.id, e.data.score, e.data.revision, e.data.step_id])).toEqual([
      [`${link.surveyId}:answered:1`, 2, 1, 'nps'],
    ]);
    // The gateway publishes the event inside the transaction that stores the answer: the row may
    // be committed a moment after the event is on the topic.
    expect(
      await eventually(
        () => answerRow(link),
        (row) => row !== undefined,
        10_000,
        50,
      ),
    ).toEqual({ score: 2, revision: 1 });
    expect(
      await db.dataSource.query(`SELECT 1 FROM survey_provisional_answers WHERE survey_id = $1`, [link.surveyId]),
    ).toEqual([]);
    // The engine acts on the settled answer: a detractor alert.
    expect(
      await eventually(
        () => alertsOf(customer('settles')),
        (a) => a.length === 1,
      ),
    ).toHaveLength(1);
  });

  it('alternating 8 and 3 fifty times on one link raises at most one alert', async () => {
    const link = surveyLink('flipflop');
    // Fifty quick GETs: a burst, nothing answered.
    for (let i = 0; i < 50; i++) expect((await fetch(scoreUrl(link, i % 2 === 0 ? 8 : 3))).status).toBe(200);
    // Fifty answers sent: each changes the stored answer.
    for (let i = 0; i < 50; i++) {
      const score = i % 2 === 0 ? 8 : 3;
      expect((await post(scoreUrl(link, score), { score: String(score) })).status).toBe(200);
    }
    expect(await answerRow(link)).toEqual({ score: 3, revision: 50 });
    expect(await eventually(() => processedByEngine(`${link.surveyId}:answered:50`), Boolean)).toBe(true);
    const events = await eventually(
      async () => answeredEvents(link),
      (e) => e.length === 50,
    );
    expect(events.map((e) => e.data.revision)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));

    const alerts = await alertsOf(customer('flipflop'));
    expect(alerts).toHaveLength(1);
    const notifications = await db.dataSource.query(
      `SELECT channel FROM alert_notifications WHERE alert_id = $1 AND purpose = 'raised' ORDER BY channel`,
      [alerts[0].id],
    );
    expect(notifications).toEqual([{ channel: 'email' }, { channel: 'webhook' }]);
  });
});

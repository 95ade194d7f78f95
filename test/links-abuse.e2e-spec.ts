import { signLink } from '@postventa/engagement';
import { RunningApp } from '@postventa/platform';
import { randomUUID } from 'node:crypto';
import { gatewayApp } from '../apps/gateway/src/gateway.module';
import { TEST_LINK_SECRET } from './support/dispatcher-fixtures';
import { testKafka } from './support/kafka';
import { eventually, isolatedTopics, startTestApp } from './support/test-apps';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { TopicCollector } from './support/topic-collector';

/** Floods, repeats and respellings of email links against the real gateway, Kafka and PostgreSQL. */
describe('email links under abuse (real gateway, Kafka, PostgreSQL)', () => {
  const run = randomUUID().slice(0, 8);
  const topics = isolatedTopics();
  let db: TestDatabase;
  let gateway: RunningApp;
  let limited: RunningApp;
  let feedback: TopicCollector;

  const origin = (name: string) => ({ customerId: `cus_${run}_${name}`, commandId: `cmd_${run}_${name}` });
  const openUrl = (app: RunningApp, name: string) =>
    `${app.url}/o/${signLink({ kind: 'open', ...origin(name) }, TEST_LINK_SECRET)}.gif`;
  const clickUrl = (app: RunningApp, name: string) =>
    `${app.url}/c/${signLink({ kind: 'click', ...origin(name), url: 'https://shop.example/review', index: 0 }, TEST_LINK_SECRET)}`;
  const ofCommand = (type: string, name: string) =>
    feedback.of(type, (e) => e.data.command_id === origin(name).commandId);

  /** A click published after everything before it: once it is collected, earlier events are too. */
  async function sentinel(name: string): Promise<void> {
    expect((await fetch(clickUrl(gateway, name), { redirect: 'manual' })).status).toBe(302);
    await eventually(
      async () => ofCommand('email.clicked', name),
      (e) => e.length === 1,
    );
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = {
      ...topics,
      DATABASE_URL: db.url,
      LINK_SIGNING_SECRET: TEST_LINK_SECRET,
      ENGAGEMENT_DEDUPE_SECONDS: '600',
    };
    gateway = await startTestApp(gatewayApp, { ...env, LINK_RATE_LIMIT: '1000' });
    limited = await startTestApp(gatewayApp, { ...env, LINK_RATE_LIMIT: '10', LINK_RATE_WINDOW_SECONDS: '60' });
    feedback = new TopicCollector(testKafka(), topics.TOPIC_FEEDBACK);
    await feedback.start();
  });

  afterAll(async () => {
    await feedback?.stop();
    await limited?.app.close();
    await gateway?.app.close();
    await db?.drop();
  });

  it('200 GETs of one open pixel and of one click link make one event each; a HEAD makes none', async () => {
    const open = openUrl(gateway, 'repeat');
    const click = clickUrl(gateway, 'repeat');
    for (let i = 0; i < 200; i++) {
      expect((await fetch(open)).status).toBe(200);
      const response = await fetch(click, { redirect: 'manual' });
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe('https://shop.example/review');
    }
    expect((await fetch(openUrl(gateway, 'head'), { method: 'HEAD' })).status).toBe(200);
    expect((await fetch(clickUrl(gateway, 'head'), { method: 'HEAD', redirect: 'manual' })).status).toBe(302);
    await sentinel('repeat-sentinel');
    expect(ofCommand('email.opened', 'repeat')).toHaveLength(1);
    expect(ofCommand('email.clicked', 'repeat')).toHaveLength(1);
    expect(ofCommand('email.opened', 'head')).toHaveLength(0);
    expect(ofCommand('email.clicked', 'head')).toHaveLength(0);
  });

  it('a flood of link requests from one address gets 429 with Retry-After, on every public link route', async () => {
    const survey = signLink(
      {
        kind: 'survey',
        ...origin('flood'),
        surveyId: `srv_${run}_flood`,
        surveyKind: 'nps',
        expiresAt: new Date(Date.now() + 86_400_000),
      },
      TEST_LINK_SECRET,
    );
    const unsubscribe = signLink({ kind: 'unsubscribe', ...origin('flood'), category: 'marketing' }, TEST_LINK_SECRET);
    const routes = [
      openUrl(limited, 'flood'),
      clickUrl(limited, 'flood'),
      `${limited.url}/s/${survey}?score=5`,
      `${limited.url}/u/${unsubscribe}`,
      `${limited.url}/alerts/al_x/acknowledge?as=someone&token=nope`,
    ];
    for (const url of routes) {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 15; i++) {
        const response = await fetch(url, { redirect: 'manual' });
        statuses.push(response.status);
        if (response.status === 429) retryAfter = response.headers.get('retry-after');
        await response.arrayBuffer();
      }
      expect(statuses.slice(0, 10).every((status) => status !== 429)).toBe(true);
      expect(statuses.slice(10)).toEqual([429, 429, 429, 429, 429]);
      expect(Number(retryAfter)).toBeGreaterThan(0);
      expect(Number(retryAfter)).toBeLessThanOrEqual(60);
    }
    // Another gateway (another limit) is not affected, and nothing of the flood was answered.
    expect((await fetch(openUrl(gateway, 'flood-after'))).status).toBe(200);
    expect(
      await db.dataSource.query(`SELECT 1 FROM survey_answers WHERE survey_id = $1`, [`srv_${run}_flood`]),
    ).toEqual([]);
  });

  it('a link signature has exactly one accepted spelling', async () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const token = signLink({ kind: 'open', ...origin('spelling') }, TEST_LINK_SECRET);
    const last = alphabet.indexOf(token[token.length - 1]);
    const variants = [0, 1, 2, 3]
      .map((low) => token.slice(0, -1) + alphabet[(last & ~3) | low])
      .filter((t) => t !== token);
    expect(variants).toHaveLength(3);
    for (const variant of variants) expect((await fetch(`${gateway.url}/o/${variant}.gif`)).status).toBe(400);
    expect((await fetch(`${gateway.url}/o/${token}.gif`)).status).toBe(200);
    await sentinel('spelling-sentinel');
    expect(ofCommand('email.opened', 'spelling')).toHaveLength(1);
  });
});

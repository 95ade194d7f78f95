import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Producer } from 'kafkajs';
import { domainEvent, produceEvents, runFlowsCli, TopicReader, WireCommandView } from './support/journey-kit';
import { JourneyEngine } from './support/journey-engine';
import { TestDatabase } from './support/test-database';
import { eventually, isolatedTopics } from './support/test-apps';

/** A two-email flow around a wait for delivery; `welcome` and `after` are the two templates. */
function versionedFlow(welcome: string, after: string): string {
  return `id: versioned
name: Versioned flow
trigger:
  event: order.placed
entry:
  key: order
  reentry: once
steps:
  - id: welcome
    type: email
    template: ${welcome}
    category: transactional
  - id: wait-delivery
    type: wait_for
    event: order.delivered
    condition: event.data.order_id == journey.order_id
  - id: after-delivery
    type: email
    template: ${after}
    category: transactional
`;
}

const seen = (commands: WireCommandView[]) => commands.map((c) => `${c.step_id} ${c.template} v${c.flow.version}`);

describe('publishing a changed flow while customers are mid-way', () => {
  let db: TestDatabase;
  let producer: Producer;
  let commands: TopicReader;
  let dir: string;
  const topics = isolatedTopics();
  const run = randomUUID().slice(0, 6);
  const cli = (...args: string[]) => runFlowsCli(args, { DATABASE_URL: db.url });

  let harness: JourneyEngine | undefined;
  beforeAll(async () => {
    // The engine publishes FLOWS_DIR at start-up: version 1.
    harness = await JourneyEngine.start(topics, { 'versioned.yaml': versionedFlow('welcome', 'usage-guide') });
    ({ db, producer, commands, dir } = harness);
  });

  afterAll(() => harness?.stop());

  const place = (customer: string) =>
    produceEvents(producer, topics.TOPIC_COMMERCE, [
      domainEvent('order.placed', customer, { order_id: `ord-${customer}` }),
    ]);
  const deliver = (customer: string) =>
    produceEvents(producer, topics.TOPIC_COMMERCE, [
      domainEvent('order.delivered', customer, { order_id: `ord-${customer}` }),
    ]);
  const wait = (customer: string, n: number) => commands.waitFor<WireCommandView>(customer, (v) => v.length >= n);

  it('keeps running journeys on their version and starts new ones on the new version', async () => {
    const early = `cus-early-${run}`;
    const late = `cus-late-${run}`;
    await place(early);
    expect(seen(await wait(early, 1))).toEqual(['welcome welcome v1']);

    // Re-publishing the same files changes nothing.
    const same = await cli('publish', dir);
    expect(same).toMatchObject({ code: 0 });
    expect(same.stdout).toContain('versioned: unchanged, v1');

    writeFileSync(join(dir, 'versioned.yaml'), versionedFlow('what-to-expect', 'review-request'));
    const published = await cli('publish', dir);
    expect(published.code).toBe(0);
    expect(published.stdout).toMatch(/versioned: published v2 \([0-9a-f]{16}\), was v1 \([0-9a-f]{16}\)/);
    expect(published.stdout).toContain("step 'welcome' changed");
    expect(published.stdout).toContain("step 'after-delivery' changed");

    await place(late);
    expect(seen(await wait(late, 1))).toEqual(['welcome what-to-expect v2']);
    await deliver(early);
    await deliver(late);
    expect(seen(await wait(early, 2))).toEqual(['welcome welcome v1', 'after-delivery usage-guide v1']);
    expect(seen(await wait(late, 2))).toEqual(['welcome what-to-expect v2', 'after-delivery review-request v2']);

    const list = await cli('list');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^FLOW\s+STATUS\s+VERSION\s+HASH\s+VERSIONS\s+OPEN\s+PUBLISHED/);
    expect(list.stdout).toMatch(/versioned\s+active\s+v2\s+[0-9a-f]{16}\s+2\s+0\s+/);
  });

  it('pause stops new entries, resume lets them in again; running journeys are not affected', async () => {
    const during = `cus-paused-${run}`;
    const after = `cus-resumed-${run}`;
    expect(await cli('pause', 'versioned')).toMatchObject({ code: 0, stdout: 'versioned: paused\n' });
    await place(during);
    // The engine has taken the event in: its inbox row is written in the same transaction as any
    // journey, timer or command the event starts, so from here on there is nothing more to wait for.
    const taken = await eventually(
      () => db.dataSource.query(`SELECT event_id FROM inbox_events WHERE customer_id = $1`, [during]),
      (rows: unknown[]) => rows.length === 1,
      30_000,
      50,
    );
    expect(taken).toHaveLength(1);
    expect(await db.dataSource.query(`SELECT id FROM journey_instances WHERE customer_id = $1`, [during])).toEqual([]);
    expect(
      await db.dataSource.query(`SELECT id FROM outbox WHERE topic = 'commands' AND payload->>'customer_id' = $1`, [
        during,
      ]),
    ).toEqual([]);
    expect(commands.values(during)).toEqual([]);

    expect((await cli('list')).stdout).toMatch(/versioned\s+paused\s+v2/);
    expect(await cli('resume', 'versioned')).toMatchObject({ code: 0, stdout: 'versioned: active\n' });
    await place(after);
    expect(seen(await wait(after, 1))).toEqual(['welcome what-to-expect v2']);
    // Nor has anything for the customer who came during the pause reached the topic since.
    expect(commands.values(during)).toEqual([]);

    const missing = await cli('pause', 'no-such-flow');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("no published flow 'no-such-flow'");
  });

  it('publishes the content of an earlier version again as the newest version', async () => {
    const reverted = `cus-reverted-${run}`;
    const first = versionedFlow('welcome', 'usage-guide');
    writeFileSync(join(dir, 'versioned.yaml'), first);
    const published = await cli('publish', dir);
    expect(published.code).toBe(0);
    expect(published.stdout).toMatch(/versioned: published v3 \([0-9a-f]{16}\), was v2/);
    // v1 and v3 have the same content; the engine starts new journeys on v3.
    const versions: Array<{ number: number; version: string }> = await db.dataSource.query(
      `SELECT number, version FROM flow_versions WHERE flow_id = 'versioned' ORDER BY number`,
    );
    expect(versions.map((v) => v.number)).toEqual([1, 2, 3]);
    expect(versions[2].version).toBe(versions[0].version);
    expect((await cli('publish', dir)).stdout).toContain('versioned: unchanged, v3');
    await place(reverted);
    expect(seen(await wait(reverted, 1))).toEqual(['welcome welcome v3']);
    expect((await cli('list')).stdout).toMatch(/versioned\s+active\s+v3\s+[0-9a-f]{16}\s+3\s+/);
  });
});

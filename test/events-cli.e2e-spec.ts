import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sampleEvent } from '@postventa/contracts';
import { RunningApp } from '@postventa/platform';
import { gatewayApp } from '../apps/gateway/src/gateway.module';
import { CLI_ENTRY } from './support/cli-entry';
import { testKafka } from './support/kafka';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { isolatedTopics, startTestApp } from './support/test-apps';

const run = promisify(execFile);

describe('postventa events send', () => {
  const topics = isolatedTopics();
  const dir = mkdtempSync(join(tmpdir(), 'postventa-cli-'));
  const file = join(dir, 'events.jsonl');
  const lines = [
    ...Array.from({ length: 1200 }, (_, i) =>
      JSON.stringify(sampleEvent('order.placed', { id: `evt_cli_${i}`, subject: `cus_cli_${i % 7}` })),
    ),
    'not json',
    JSON.stringify({ ...sampleEvent('order.placed', { id: 'evt_cli_bad' }), subject: undefined }),
    JSON.stringify(sampleEvent('product.first_used', { id: 'evt_cli_usage', subject: 'cus_cli_1' })),
  ];
  writeFileSync(file, `${lines.join('\n')}\n`);
  let db: TestDatabase;
  let gateway: RunningApp;

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    gateway = await startTestApp(gatewayApp, {
      ...topics,
      DATABASE_URL: db.url,
      INGEST_API_KEYS: 'cli-key-0123456789abcdef',
    });
  });
  afterAll(async () => {
    await gateway?.app.close();
    await db?.drop();
  });

  const topicCount = async (topic: string) => {
    const admin = testKafka().admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(topic);
    await admin.disconnect();
    return offsets.reduce((sum, p) => sum + Number(p.high), 0);
  };

  it('publishes a file to Kafka, by type to its topic, and counts what it rejected', async () => {
    const result = await run(process.execPath, [CLI_ENTRY, 'events', 'send', file], {
      env: { ...process.env, ...topics },
    }).catch((e: { stdout: string; stderr: string; code: number }) => e);
    expect(result.stdout).toContain('accepted 1201, rejected 2');
    expect(result.stderr).toMatch(/line 1201: NOT_JSON/);
    expect(result.stderr).toMatch(/line 1202: MISSING_SUBJECT/);
    expect(await topicCount(topics.TOPIC_COMMERCE)).toBe(1200);
    expect(await topicCount(topics.TOPIC_USAGE)).toBe(1);
  });

  it('posts a file through the gateway with --http', async () => {
    const before = await topicCount(topics.TOPIC_COMMERCE);
    const result = await run(
      process.execPath,
      [
        CLI_ENTRY,
        'events',
        'send',
        file,
        '--http',
        gateway.url,
        '--api-key',
        'cli-key-0123456789abcdef',
        '--batch',
        '250',
      ],
      {
        env: { ...process.env, ...topics },
      },
    ).catch((e: { stdout: string; stderr: string }) => e);
    expect(result.stdout).toContain('accepted 1201, rejected 2');
    expect((await topicCount(topics.TOPIC_COMMERCE)) - before).toBe(1200);
  });
});

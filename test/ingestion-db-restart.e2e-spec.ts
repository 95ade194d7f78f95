import { ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleEvent } from '@postventa/contracts';
import { freePort } from '@postventa/dev-services';
import { RunningApp } from '@postventa/platform';
import { Client } from 'pg';
import { engineApp } from '../apps/engine/src/engine.module';
import { testKafka } from './support/kafka';
import { eventually, isolatedTopics, startTestApp } from './support/test-apps';

/**
 * The engine's own PostgreSQL server is stopped while events keep arriving, then started again:
 * every event ends up in the database once, and nothing goes to the dead-letter topic.
 */
describe('ingestion across a database restart (real PostgreSQL stopped and started)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'postventa-pg-restart-'));
  const topics = isolatedTopics();
  let server: ChildProcess;
  let url = '';
  let engine: RunningApp;

  const ask = (command: 'start' | 'stop') =>
    new Promise<void>((resolve, reject) => {
      server.once('message', (reply: { ok: boolean; url?: string; error?: string }) => {
        if (!reply.ok) return reject(new Error(reply.error));
        if (reply.url) url = reply.url;
        resolve();
      });
      server.send(command);
    });

  const count = async () => {
    const client = new Client({ connectionString: url });
    try {
      await client.connect();
      return Number((await client.query(`SELECT count(*) FROM inbox_events`)).rows[0].count);
    } catch {
      return -1;
    } finally {
      await client.end().catch(() => undefined);
    }
  };

  /** Batches of domain events the engine has retried after an infrastructure failure (its /metrics). */
  const batchRetries = async (): Promise<number> => {
    const text = await (await fetch(`${engine.url}/metrics`)).text();
    const line = /^postventa_consumer_batch_retries_total\{[^}]*consumer="domain-events"[^}]*\} (\d+)/m.exec(text);
    return line ? Number(line[1]) : 0;
  };

  beforeAll(async () => {
    server = fork(join(__dirname, 'support', 'postgres-process.ts'), [join(dir, 'pg'), String(await freePort())], {
      execArgv: ['-r', '@swc-node/register'],
      env: { ...process.env, SWC_NODE_PROJECT: join(__dirname, '..', 'tsconfig.json') },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    await ask('start');
    engine = await startTestApp(engineApp, {
      ...topics,
      DATABASE_URL: url,
      FLOWS_AUTO_PUBLISH: 'false',
      INGEST_BATCH_SIZE: '100',
    });
  });

  afterAll(async () => {
    await engine?.app.close();
    await ask('stop').catch(() => undefined);
    // The server process exits once disconnected: wait for it, so no child outlives this file.
    if (server && server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.disconnect();
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('loses nothing and dead-letters nothing', async () => {
    const kafka = testKafka();
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const send = async (from: number, to: number) => {
      const messages = [];
      for (let i = from; i < to; i++) {
        const event = sampleEvent('order.placed', { id: `evt_restart_${i}`, subject: `cus_${i % 40}` });
        messages.push({ key: event.subject, value: JSON.stringify(event) });
      }
      await producer.send({ topic: topics.TOPIC_COMMERCE, acks: -1, messages });
    };

    await send(0, 500);
    expect(await eventually(count, (n) => n === 500)).toBe(500);

    const retried = await batchRetries();
    await ask('stop');
    await send(500, 2000);
    // The engine has met the stopped database with these events in hand: it retries their batch.
    expect(await eventually(batchRetries, (n) => n > retried, 30_000, 100)).toBeGreaterThan(retried);
    await ask('start');

    expect(await eventually(count, (n) => n >= 2000, 90_000)).toBe(2000);
    const admin = kafka.admin();
    await admin.connect();
    const dead = await admin.fetchTopicOffsets(topics.TOPIC_DEAD_LETTER);
    await admin.disconnect();
    await producer.disconnect();
    expect(dead.reduce((sum, p) => sum + Number(p.high), 0)).toBe(0);
  });
});

/**
 * Postventa benchmarks: `npm run bench` (options: --events N, --only parse|simulate|ingest).
 * Prints a table and writes bench/results/bench-<time>.json. Uses the services in the environment
 * (KAFKA_BROKERS, DATABASE_URL, SMTP_URL) or starts local ones, like `npm test`.
 */
import 'reflect-metadata';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SingleBar } from 'cli-progress';
import { Command } from 'commander';
import { Client } from 'pg';
import { parseEventMessage, sampleEvent } from '@postventa/contracts';
import { startLocalServices } from '@postventa/dev-services';
import { loadFlowFromYaml, simulate } from '@postventa/journeys';
import { KafkaClient, EventProducer } from '@postventa/messaging';
import { AppConfig, createLogger, startApp } from '@postventa/platform';
import { engineApp } from '../apps/engine/src/engine.module';

interface Row {
  name: string;
  items: number;
  seconds: number;
  perSecond: number;
  note: string;
}

const ROOT = join(__dirname, '..');

function measure(name: string, items: number, note: string, fn: () => void): Row {
  fn(); // warm-up
  const started = process.hrtime.bigint();
  fn();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { name, items, seconds, perSecond: items / seconds, note };
}

function benchParse(count: number): Row {
  const messages = Array.from({ length: count }, (_, i) => ({
    value: Buffer.from(JSON.stringify(sampleEvent('order.placed', { id: `evt_${i}`, subject: `cus_${i % 1000}` }))),
    headers: {},
  }));
  return measure('contract: parse + validate order.placed', count, 'parseEventMessage, structured mode', () => {
    for (const m of messages) if (!parseEventMessage(m).ok) throw new Error('invalid');
  });
}

function benchSimulate(count: number): Row {
  const source = readFileSync(join(ROOT, 'flows', 'smot-onboarding.yaml'), 'utf8');
  const loaded = loadFlowFromYaml(source, 'smot-onboarding.yaml');
  if (!loaded.ok) throw new Error('shipped flow does not load');
  const timeline = readFileSync(join(ROOT, 'flows', 'samples', 'smot-timeline.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
  const journeys = Math.max(1, Math.floor(count / 20));
  return measure('journeys: simulate full SMOT path', journeys, `advance() over ${timeline.length} events + timers per journey`, () => {
    for (let i = 0; i < journeys; i++) simulate(loaded.flow, timeline);
  });
}

async function benchIngest(count: number, env: Record<string, string | undefined>, withFlows: boolean): Promise<Row> {
  const id = randomUUID().slice(0, 8);
  const database = `pv_bench_${id}`;
  const admin = new Client({ connectionString: env.DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(env.DATABASE_URL!);
  url.pathname = `/${database}`;
  const topics = {
    TOPIC_COMMERCE: `bench-${id}.commerce`, TOPIC_USAGE: `bench-${id}.usage`, TOPIC_SUPPORT: `bench-${id}.support`,
    TOPIC_FEEDBACK: `bench-${id}.feedback`, TOPIC_TIMERS: `bench-${id}.timers`, TOPIC_COMMANDS: `bench-${id}.commands`,
    TOPIC_ACTIVITY: `bench-${id}.activity`, TOPIC_DEAD_LETTER: `bench-${id}.dlq`, ENGINE_GROUP_ID: `bench-${id}.engine`,
  };
  const config = AppConfig.fromEnvironment({ ...env, ...topics, DATABASE_URL: url.toString(), ENGINE_PORT: '0', LOG_LEVEL: 'error', FLOWS_AUTO_PUBLISH: String(withFlows), FLOWS_DIR: join(ROOT, 'flows') });
  const engine = await startApp(engineApp, config);
  const producer = new EventProducer(new KafkaClient(config, createLogger({ name: 'bench', level: 'error' })).kafka);
  await producer.connect();
  const db = new Client({ connectionString: url.toString() });
  await db.connect();

  const bar = new SingleBar({ format: `${withFlows ? 'journeys' : 'ingest'} [{bar}] {value}/{total} events processed`, noTTYOutput: true, notTTYSchedule: 2000, stream: process.stderr });
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i += 1000) {
    await producer.send(
      Array.from({ length: Math.min(1000, count - i) }, (_, j) => {
        const event = sampleEvent('order.placed', { id: `evt_${i + j}`, subject: `cus_${(i + j) % 5000}` });
        return { topic: topics.TOPIC_COMMERCE, key: event.subject, value: JSON.stringify(event) };
      }),
    );
  }
  bar.start(count, 0);
  let done = 0;
  while (done < count) {
    await new Promise((r) => setTimeout(r, 100));
    done = Number((await db.query('SELECT count(*) FROM inbox_events WHERE processed_at IS NOT NULL')).rows[0].count);
    bar.update(done);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  bar.stop();

  await db.end();
  await producer.disconnect();
  await engine.app.close();
  await admin.query(`DROP DATABASE ${database} WITH (FORCE)`);
  await admin.end();
  return withFlows
    ? { name: 'ingest + journeys: order.placed starts SMOT', items: count, seconds, perSecond: count / seconds, note: 'as above, shipped flows published: a journey, 2 commands, timers per event' }
    : { name: 'ingest: Kafka -> inbox, profiles, risk', items: count, seconds, perSecond: count / seconds, note: '5,000 customers, 3 partitions, no flows published' };
}

async function main(): Promise<void> {
  const options = new Command('bench')
    .option('--events <n>', 'events per benchmark', '20000')
    .option('--only <names>', 'comma-separated: parse,simulate,ingest,journeys')
    .parse(process.argv)
    .opts<{ events: string; only?: string }>();
  const count = Number(options.events);
  const only = options.only?.split(',') ?? ['parse', 'simulate', 'ingest', 'journeys'];
  const rows: Row[] = [];
  if (only.includes('parse')) rows.push(benchParse(count));
  if (only.includes('simulate')) rows.push(benchSimulate(count));
  if (only.includes('ingest') || only.includes('journeys')) {
    const services = await startLocalServices({
      env: process.env,
      dataDir: mkdtempSync(join(tmpdir(), 'postventa-bench-')),
      ephemeral: true,
      kafkaVersion: process.env.LOCAL_KAFKA_VERSION || '4.3.1',
      kafkaHeap: process.env.LOCAL_KAFKA_HEAP || '512m',
      log: (line) => process.stderr.write(`${line}\n`),
    });
    try {
      const env = { ...process.env, ...services.env };
      if (only.includes('ingest')) rows.push(await benchIngest(count, env, false));
      if (only.includes('journeys')) rows.push(await benchIngest(count, env, true));
    } finally {
      await services.stop();
    }
  }

  const table = [
    ['benchmark', 'items', 'seconds', 'items/s', 'note'],
    ...rows.map((r) => [r.name, String(r.items), r.seconds.toFixed(3), Math.round(r.perSecond).toLocaleString('en'), r.note]),
  ];
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
  for (const [i, row] of table.entries()) {
    process.stdout.write(`${row.map((cell, j) => cell.padEnd(widths[j])).join('  ')}\n`);
    if (i === 0) process.stdout.write(`${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  }
  const results = join(ROOT, 'bench', 'results');
  mkdirSync(results, { recursive: true });
  const file = join(results, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), node: process.version, cpus: cpus().length, rows }, null, 2)}\n`);
  process.stdout.write(`\nwritten ${file}\n`);
  process.exit(0);
}

void main().catch((error: Error) => {
  process.stderr.write(`bench failed: ${error.message}\n`);
  process.exit(1);
});

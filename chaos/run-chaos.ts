/**
 * Postventa chaos suite: `npm run chaos` (options: --quick, --customers N, --seed S, --keep).
 *
 * Starts a stack of its own (Kafka broker, PostgreSQL, an SMTP server with fault switches, the
 * engine and the dispatcher as child processes), publishes a flow with second-long waits, runs N
 * customers through it over Kafka, and meanwhile, on a seeded schedule, kills and freezes
 * everything it can. At the end it waits for the system to settle, checks every email, prints a
 * table, writes chaos/results/chaos-<time>.json and exits non-zero on any lost or duplicated email
 * (except those the deliveries table records as outcome unknown, which it lists).
 * See docs/reliability.md for the method and the latest results.
 */
import 'reflect-metadata';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SingleBar } from 'cli-progress';
import { Command } from 'commander';
import { Kafka, logLevel, Message, Producer } from 'kafkajs';
import { Pool } from 'pg';
import { DLQ_HEADERS } from '@postventa/contracts';
import { loadFlowFromYaml, simulate } from '@postventa/journeys';
import { topicMapFromConfig } from '@postventa/messaging';
import { createDataSource, runMigrations, TransactionRunner } from '@postventa/persistence';
import { AppConfig, backoffDelayMs } from '@postventa/platform';
import { FlowPublisher, formatPublishResult, loadFlowDirectory } from '@postventa/flows';
import { buildSchedule, ChaosProfile, Fault, PROFILES, seededRandom } from './fault-schedule';
import { poisonMessage } from './poison-messages';
import { ChaosInputs, DeadLetter, DeliveryRow, evaluate, ExpectedEmail, formatTable, PerformedFault } from './report';
import { SmtpFaultCapture } from './smtp-fault-capture';
import { ChaosBroker, ChaosPostgres, SupervisedApp } from './stack-control';

const ROOT = join(__dirname, '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** An app runs at least this long between two kills. */
const MIN_UP_MS = 5_000;
/** Most bytes of events in one produce request of the suite's own producer (the broker refuses 1 MiB). */
const SEND_MAX_BYTES = 512 * 1024;

/** The chaos flow: three emails, two second-long waits between them. */
const CHAOS_FLOW = `id: chaos
name: Chaos suite flow (three emails, second-long waits)
trigger:
  event: order.delivered
entry:
  key: customer
  reentry: once
steps:
  - id: first
    type: email
    template: what-to-expect
    category: transactional
    moment: fmot
  - id: wait-1
    type: wait
    duration: PT2S
  - id: second
    type: email
    template: usage-guide
    category: transactional
    moment: smot
  - id: wait-2
    type: wait
    duration: PT2S
  - id: third
    type: email
    template: first-use-help
    category: transactional
    moment: smot
`;

interface Options {
  quick?: boolean;
  customers?: string;
  seed: string;
  keep?: boolean;
}

interface Outgoing {
  at: number;
  topic: string;
  /** Built when it is sent (a valid event is timed when it first goes out). */
  message: () => Message;
  onSent?: (at: number) => void;
}

/** Applies the migrations and publishes the flows of `flowsDir`, as `postventa migrate` and `postventa flows publish` do. */
async function migrateAndPublish(databaseUrl: string, flowsDir: string): Promise<string> {
  const dataSource = createDataSource({ url: databaseUrl, poolSize: 2, applicationName: 'postventa-chaos' });
  await dataSource.initialize();
  try {
    const applied = await runMigrations(dataSource);
    const loaded = loadFlowDirectory(flowsDir, join(ROOT, 'flows', 'templates'));
    if (loaded.issues.length > 0) throw new Error(`the chaos flow is not valid: ${JSON.stringify(loaded.issues)}`);
    const published = await new FlowPublisher(new TransactionRunner(dataSource)).publish(loaded.flows, new Date());
    return `${applied.length} migration(s) applied; ${published.map(formatPublishResult).join('; ')}`;
  } finally {
    await dataSource.destroy();
  }
}

/** Data of an order.delivered event that the three templates of the flow render with. */
function deliveredData(orderId: string, address: string, name: string): Record<string, unknown> {
  return {
    order_id: orderId,
    customer: { email: address, name, first_name: name, locale: 'en' },
    items: [{ sku: 'LMP-1', name: 'Arc floor lamp', quantity: 1, unit_price: 129 }],
    total: 129,
    currency: 'EUR',
    product_name: 'Arc floor lamp',
    links: {
      guide_setup: 'https://shop.example/guide/setup',
      guide_settings: 'https://shop.example/guide/settings',
      guide_care: 'https://shop.example/guide/care',
      help_center: 'https://shop.example/help',
    },
  };
}

async function main(): Promise<number> {
  const options = new Command('chaos')
    .option('--quick', 'a short run (fewer customers, shorter faults, fewer kills; under 3 minutes)')
    .option('--customers <n>', 'customers to run through the flow (default 2000; 200 with --quick)')
    .option('--seed <n>', 'seed of the fault schedule, the customers and the poison', '20260301')
    .option('--keep', "keep the services' data folder (broker, database) after the run")
    .parse(process.argv)
    .opts<Options>();
  const profile: ChaosProfile = { ...PROFILES[options.quick ? 'quick' : 'full'] };
  if (options.customers) profile.customers = Number(options.customers);
  const seed = Number(options.seed);
  const random = seededRandom(seed ^ 0x5eed);
  const run = randomUUID().slice(0, 6);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const resultsDir = join(ROOT, 'chaos', 'results');
  const logDir = join(resultsDir, `chaos-${stamp}-logs`);
  mkdirSync(logDir, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'postventa-chaos-'));
  const say = (line: string) => process.stderr.write(`[chaos] ${line}\n`);
  const harnessLog = (line: string) =>
    appendFileSync(join(logDir, 'harness.log'), `${new Date().toISOString()} ${line}\n`);
  const startedAt = Date.now();
  say(`${profile.name} run, ${profile.customers} customers, seed ${seed}; logs in ${logDir}`);

  const broker = new ChaosBroker(
    join(dataDir, 'kafka'),
    process.env.LOCAL_KAFKA_VERSION || '4.3.1',
    process.env.LOCAL_KAFKA_HEAP || '512m',
  );
  const postgres = new ChaosPostgres(join(dataDir, 'postgres'));
  const smtp = new SmtpFaultCapture();
  const apps: SupervisedApp[] = [];
  let pool: Pool | undefined;
  let producer: Producer | undefined;
  let bar: SingleBar | undefined;
  const teardown = async () => {
    bar?.stop();
    await Promise.allSettled(apps.map((a) => a.stop()));
    await producer?.disconnect().catch(() => undefined);
    await pool?.end().catch(() => undefined);
    await Promise.allSettled([broker.stop(), postgres.stop(), smtp.stop()]);
    if (!options.keep) rmSync(dataDir, { recursive: true, force: true });
    else say(`data kept in ${dataDir}`);
  };
  process.once('SIGINT', () => void teardown().finally(() => process.exit(130)));

  try {
    const [bootstrap, databaseUrl] = await Promise.all([broker.start(), postgres.start(), smtp.start()]);
    say(
      `services: kafka ${bootstrap}, postgres ready, smtp ${smtp.url} (${((Date.now() - startedAt) / 1000).toFixed(0)} s)`,
    );
    const flowsDir = join(dataDir, 'flows');
    mkdirSync(flowsDir, { recursive: true });
    writeFileSync(join(flowsDir, 'chaos.yaml'), CHAOS_FLOW);
    const env: Record<string, string> = {
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      KAFKA_BROKERS: bootstrap,
      DATABASE_URL: databaseUrl,
      SMTP_URL: smtp.url,
      POSTVENTA_DATA_DIR: dataDir,
      FLOWS_DIR: flowsDir,
      FLOWS_AUTO_PUBLISH: 'false',
      TEMPLATES_DIR: join(ROOT, 'flows', 'templates'),
      RUN_MIGRATIONS: 'false',
      ENGINE_PORT: '0',
      DISPATCHER_PORT: '0',
      KAFKA_TOPIC_PARTITIONS: '3',
      ENGINE_SESSION_TIMEOUT_MS: '6000',
      DISPATCHER_SESSION_TIMEOUT_MS: '6000',
      SCHEDULER_INTERVAL_MS: '250',
      DELIVERY_POLL_INTERVAL_MS: '500',
      DELIVERY_RETRY_INITIAL_MS: '1000',
      DELIVERY_RETRY_MAX_MS: '8000',
      DELIVERY_MAX_ATTEMPTS: '40',
      SMTP_CONNECTION_TIMEOUT_MS: '3000',
      SMTP_SEND_TIMEOUT_MS: '5000',
      SMTP_RATE_LIMIT: '0',
      LINK_SIGNING_SECRET: 'chaos-suite-link-signing-secret-0123456789',
      PUBLIC_BASE_URL: 'https://links.chaos.example',
    };
    const config = AppConfig.fromEnvironment(env);
    const topics = {
      commerce: config.get('TOPIC_COMMERCE'),
      commands: config.get('TOPIC_COMMANDS'),
      timers: config.get('TOPIC_TIMERS'),
      deadLetter: config.get('TOPIC_DEAD_LETTER'),
    };
    const groups = {
      engine: config.get('ENGINE_GROUP_ID'),
      timers: config.get('ENGINE_TIMER_GROUP_ID') ?? `${config.get('ENGINE_GROUP_ID')}.timers`,
      dispatcher: config.get('DISPATCHER_GROUP_ID'),
    };

    say(await migrateAndPublish(databaseUrl, flowsDir));

    const kafka = new Kafka({
      clientId: 'postventa-chaos',
      brokers: [bootstrap],
      logLevel: logLevel.NOTHING,
      requestTimeout: 10_000,
      retry: { retries: 3, initialRetryTime: 200 },
    });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: Object.values(topicMapFromConfig(config)).map((topic) => ({
        topic,
        numPartitions: 3,
        replicationFactor: 1,
      })),
    });
    await admin.disconnect();

    const engine = new SupervisedApp('engine', env, join(logDir, 'engine.log'));
    const dispatcher = new SupervisedApp('dispatcher', env, join(logDir, 'dispatcher.log'));
    apps.push(engine, dispatcher);
    await Promise.all([engine.start(), dispatcher.start()]);
    say(`engine and dispatcher ready (${((Date.now() - startedAt) / 1000).toFixed(0)} s)`);

    // What the flow should send to one customer, and when, from the flow itself (pure simulation).
    const loaded = loadFlowFromYaml(CHAOS_FLOW, 'chaos.yaml');
    if (!loaded.ok) throw new Error('the chaos flow does not load');
    const probeTime = '2026-03-01T10:00:00.000Z';
    const simulated = simulate(
      loaded.flow,
      [
        {
          specversion: '1.0',
          id: 'probe',
          source: 'chaos',
          type: 'order.delivered',
          time: probeTime,
          subject: 'probe',
          data: deliveredData('o', 'probe@example.com', 'Probe'),
        },
      ],
      {
        customer: { id: 'probe', email: 'probe@example.com', locale: 'en' },
      },
    );
    const plan = simulated.entries
      .filter(
        (e) =>
          e.kind === 'command' && e.command && (e.command.type === 'email.send' || e.command.type === 'survey.send'),
      )
      .map((e) => ({
        template: (e.command as { template: string }).template,
        stepId: e.step_id ?? '',
        offsetMs: Date.parse(e.at) - Date.parse(probeTime),
      }));
    say(
      `the flow sends ${plan.length} emails per customer: ${plan.map((p) => `${p.template} at +${p.offsetMs / 1000} s`).join(', ')}`,
    );

    // Customers, their events (each sent twice) and the poison, on a seeded timeline.
    const expected: ExpectedEmail[] = [];
    const outgoing: Outgoing[] = [];
    let validCopiesSent = 0;
    for (let i = 0; i < profile.customers; i++) {
      const customerId = `cus-${run}-${i}`;
      const bounce = random() < profile.bounceShare;
      const address = bounce ? `bounce-${run}-${i}@refused.example` : `customer-${run}-${i}@chaos.example`;
      if (bounce) smtp.bounce.add(address);
      const slots = plan.map((p) => ({
        customerId,
        address,
        template: p.template,
        stepId: p.stepId,
        dueAt: Number.POSITIVE_INFINITY,
        bounce,
      }));
      expected.push(...slots);
      const event = {
        specversion: '1.0',
        id: `evt-${run}-${i}`,
        source: 'chaos.shop',
        type: 'order.delivered',
        subject: customerId,
        time: '',
        datacontenttype: 'application/json',
        data: deliveredData(`ord-${run}-${i}`, address, `Customer ${i}`),
      };
      const first = Math.round((profile.streamMs * i) / profile.customers + random() * 500);
      const second = first + 1_000 + Math.round(random() * 20_000);
      let firstSent = false;
      // Both copies are the same event (same id), timed when the first one goes out.
      const message = () => ({
        key: customerId,
        value: JSON.stringify({ ...event, time: (event.time ||= new Date().toISOString()) }),
      });
      for (const at of [first, second]) {
        outgoing.push({
          at,
          topic: topics.commerce,
          message,
          onSent: (sentAt) => {
            validCopiesSent += 1;
            if (firstSent) return;
            firstSent = true;
            slots.forEach((s, k) => (s.dueAt = sentAt + plan[k].offsetMs));
          },
        });
      }
    }
    const poisonSent: Record<string, number> = {};
    for (let n = 0; n < profile.poisonMessages; n++) {
      const message = poisonMessage(n, run, `cus-${run}-${Math.floor(random() * profile.customers)}`, random);
      outgoing.push({
        at: Math.round(random() * profile.streamMs),
        topic: message.target === 'commands' ? topics.commands : topics.commerce,
        message: () => ({
          key: message.key,
          value: message.value,
          headers: { 'x-chaos-kind': message.kind, 'x-chaos-id': String(n) },
        }),
        onSent: () => (poisonSent[message.kind] = (poisonSent[message.kind] ?? 0) + 1),
      });
    }
    outgoing.sort((a, b) => a.at - b.at);

    // The harness's own producer, which retries through every fault (a retried send may write a copy twice: that is what the inbox is for).
    producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    pool = new Pool({ connectionString: databaseUrl, max: 2, connectionTimeoutMillis: 3_000 });
    pool.on('error', () => undefined);

    const schedule: Fault[] = buildSchedule(profile, seed);
    say(
      `fault schedule (seed ${seed}): ${schedule.map((f) => `${f.kind}@${(f.at / 1000).toFixed(0)}s${f.durationMs ? `/${f.durationMs / 1000}s` : ''}`).join(' ')}`,
    );
    const performed: PerformedFault[] = [];
    const restarts = { brokerKills: 0, brokerFreezes: 0, postgresStops: 0, smtpOutages: 0 };
    const streamStart = Date.now();
    let phase = 'stream';

    const expectedDeliverable = expected.filter((e) => !e.bounce).length;
    bar = new SingleBar({
      format:
        'chaos [{bar}] {value}/{total} emails | {phase} | sent {sent}/{toSend} | faults {faults}/{faultTotal} | restarts {restarts}',
      noTTYOutput: true,
      notTTYSchedule: 10_000,
      stream: process.stderr,
      hideCursor: true,
    });
    const progress = () => ({
      phase,
      sent: validCopiesSent + Object.values(poisonSent).reduce((a, b) => a + b, 0),
      toSend: outgoing.length,
      faults: performed.length,
      faultTotal: schedule.length,
      restarts:
        engine.kills + engine.crashRestarts + dispatcher.kills + dispatcher.crashRestarts + restarts.brokerKills,
    });
    bar.start(expectedDeliverable, 0, progress());
    const deliveredSlots = () => {
      const byCustomer = new Set(smtp.received.map((r) => r.commandId ?? r.messageId ?? ''));
      return byCustomer.size;
    };
    const ticker = setInterval(() => bar?.update(Math.min(deliveredSlots(), expectedDeliverable), progress()), 1_000);

    const sender = (async () => {
      let next = 0;
      while (next < outgoing.length) {
        const now = Date.now() - streamStart;
        // At most 500 messages and SEND_MAX_BYTES per request: a request over the broker's limit
        // (several oversized poison events together) would be refused whole, again and again.
        const due: Outgoing[] = [];
        const byTopic = new Map<string, Message[]>();
        let bytes = 0;
        while (next < outgoing.length && outgoing[next].at <= now && due.length < 500) {
          const message = outgoing[next].message();
          const size = message.value === null || message.value === undefined ? 0 : Buffer.byteLength(message.value);
          if (due.length > 0 && bytes + size > SEND_MAX_BYTES) break;
          const o = outgoing[next++];
          due.push(o);
          bytes += size;
          byTopic.set(o.topic, [...(byTopic.get(o.topic) ?? []), message]);
        }
        if (due.length === 0) {
          await sleep(Math.min(200, outgoing[next].at - now));
          continue;
        }
        for (let attempt = 0; ; attempt++) {
          try {
            await withTimeout(
              producer!.sendBatch({
                acks: -1,
                topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
              }),
              30_000,
              'send',
            );
            break;
          } catch (error) {
            harnessLog(`send of ${due.length} message(s) failed (attempt ${attempt + 1}): ${(error as Error).message}`);
            if (attempt >= 1) {
              // A producer that failed twice is replaced: a fresh one has fresh metadata and connections.
              const old = producer!;
              void withTimeout(old.disconnect(), 10_000, 'disconnect').catch(() => undefined);
              producer = kafka.producer({ allowAutoTopicCreation: false });
              await withTimeout(producer.connect(), 30_000, 'connect').catch((e: Error) =>
                harnessLog(`producer connect failed: ${e.message}`),
              );
            }
            await sleep(backoffDelayMs({ initialMs: 250, maxMs: 5_000 }, attempt + 1));
          }
        }
        const sentAt = Date.now();
        for (const o of due) o.onSent?.(sentAt);
      }
    })();

    const faultsDone = Promise.all(
      schedule.map(async (fault) => {
        await sleep(Math.max(0, streamStart + fault.at - Date.now()));
        const started = Date.now();
        let note: string | undefined;
        try {
          switch (fault.kind) {
            case 'engine-kill':
              await engine.kill(MIN_UP_MS);
              break;
            case 'dispatcher-kill':
              await dispatcher.kill(MIN_UP_MS);
              break;
            case 'postgres-stop':
              await postgres.stop();
              restarts.postgresStops += 1;
              await sleep(fault.durationMs);
              await postgres.start();
              break;
            case 'broker-freeze':
              broker.freeze();
              restarts.brokerFreezes += 1;
              await sleep(fault.durationMs);
              broker.thaw();
              break;
            case 'broker-kill':
              await broker.kill();
              restarts.brokerKills += 1;
              await sleep(fault.durationMs);
              await broker.restart();
              break;
            case 'smtp-4xx':
              smtp.tempFail = true;
              await sleep(fault.durationMs);
              smtp.tempFail = false;
              break;
            case 'smtp-down':
              await smtp.down();
              restarts.smtpOutages += 1;
              await sleep(fault.durationMs);
              await smtp.up();
              break;
          }
        } catch (error) {
          note = `fault action failed: ${(error as Error).message}`;
          say(`${fault.kind}: ${note}`);
        }
        performed.push({ kind: fault.kind, startedAt: started, endedAt: Date.now(), ...(note ? { note } : {}) });
        harnessLog(
          `${fault.kind}: ${new Date(started).toISOString()} .. ${new Date().toISOString()}${note ? ` (${note})` : ''}`,
        );
      }),
    );

    await Promise.all([sender, faultsDone]);
    phase = 'settling';
    const streamEnd = Date.now();

    // Settle: every expected email has a delivery row in a final state, nothing is left queued,
    // timed or unpublished, and the apps run; then a little longer, for late duplicates.
    const backlog = async () => {
      try {
        const { rows } = await pool!.query(`SELECT
          (SELECT count(*) FROM deliveries)::int AS rows,
          (SELECT count(*) FROM deliveries WHERE status IN ('queued', 'sending', 'retry'))::int AS deliveries,
          (SELECT count(*) FROM journey_timers WHERE status = 'pending')::int AS timers,
          (SELECT count(*) FROM outbox WHERE published_at IS NULL)::int AS outbox`);
        return rows[0] as { rows: number; deliveries: number; timers: number; outbox: number };
      } catch {
        return null;
      }
    };
    let settled = false;
    let quietSince = 0;
    const linger = profile.name === 'quick' ? 5_000 : 15_000;
    while (Date.now() - streamEnd < profile.settleDeadlineMs) {
      const left = await backlog();
      const done =
        left !== null &&
        left.rows >= expected.length &&
        left.deliveries === 0 &&
        left.timers === 0 &&
        left.outbox === 0 &&
        engine.running &&
        dispatcher.running;
      if (done) {
        quietSince ||= Date.now();
        if (Date.now() - quietSince >= linger) {
          settled = true;
          break;
        }
      } else {
        quietSince = 0;
      }
      await sleep(1_000);
    }
    const settleSeconds = (Date.now() - streamEnd) / 1000;
    clearInterval(ticker);
    bar.update(Math.min(deliveredSlots(), expectedDeliverable), {
      ...progress(),
      phase: settled ? 'settled' : 'deadline',
    });
    bar.stop();
    bar = undefined;

    // Collect: deliveries, dead letters, consumer groups.
    const deliveries = (
      await pool.query(
        `SELECT command_id, customer_id, template, status, error_code, command->>'journey_id' AS journey_id, command->>'step_id' AS step_id, attempts FROM deliveries`,
      )
    ).rows as DeliveryRow[];
    const deadLetters = await withTimeout(
      readTopic(kafka, topics.deadLetter),
      90_000,
      'reading the dead-letter topic',
    ).catch((e: Error) => {
      say(e.message);
      return [];
    });
    const groupStates = await withTimeout(
      groupLag(kafka, [
        [groups.engine, topics.commerce],
        [groups.timers, topics.timers],
        [groups.dispatcher, topics.commands],
      ]),
      30_000,
      'reading consumer groups',
    ).catch((e: Error) => {
      say(e.message);
      return [];
    });

    const inputs: ChaosInputs = {
      expected,
      received: smtp.received,
      deliveries,
      deadLetters,
      eventsSent: { valid: profile.customers, validCopies: validCopiesSent, poison: poisonSent },
      faults: performed,
      restarts: {
        'engine SIGKILL': engine.kills,
        'engine exited on its own': engine.crashRestarts,
        'dispatcher SIGKILL': dispatcher.kills,
        'dispatcher exited on its own': dispatcher.crashRestarts,
        'broker SIGKILL + restart': restarts.brokerKills,
        'broker SIGSTOP/SIGCONT': restarts.brokerFreezes,
        'postgres stop + start': restarts.postgresStops,
        'smtp gone + back': restarts.smtpOutages,
      },
      groups: groupStates,
      settled,
      settleSeconds,
    };
    const result = evaluate(inputs);
    const table = formatTable(result);
    const machine = {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
    };
    process.stdout.write(
      `\n${table}\n\nmachine: ${machine.cpus} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, node ${machine.node}; ${profile.name} run, seed ${seed}, ${((Date.now() - startedAt) / 1000).toFixed(0)} s in all\n`,
    );
    const file = join(resultsDir, `chaos-${stamp}.json`);
    writeFileSync(
      file,
      `${JSON.stringify({ at: new Date().toISOString(), seed, profile, machine, durationSeconds: (Date.now() - startedAt) / 1000, schedule, performed, result, table, appExits: { engine: engine.exits, dispatcher: dispatcher.exits } }, null, 2)}\n`,
    );
    process.stdout.write(`written ${file}\n`);
    return result.passed ? 0 : 1;
  } finally {
    await teardown();
  }
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms)),
  );
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Every message of a topic, read from the beginning up to its current end. */
async function readTopic(kafka: Kafka, topic: string): Promise<DeadLetter[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const remaining = new Map(
    ends.filter((p) => Number(p.high) > Number(p.low)).map((p) => [p.partition, Number(p.high)]),
  );
  const found: DeadLetter[] = [];
  if (remaining.size === 0) return found;
  const consumer = kafka.consumer({ groupId: `chaos-reader-${randomUUID().slice(0, 8)}`, sessionTimeout: 10_000 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const header = (value: Buffer | string | (Buffer | string)[] | undefined) =>
    value === undefined ? null : String(Array.isArray(value) ? value[0] : value);
  const done = new Promise<void>((resolve) => {
    void consumer.run({
      eachMessage: async ({ partition, message }) => {
        const h = message.headers ?? {};
        found.push({
          reasonCode: header(h[DLQ_HEADERS.reasonCode]) ?? 'none',
          poisonKind: header(h['x-chaos-kind']),
          poisonId: header(h['x-chaos-id']),
          originalTopic: header(h[DLQ_HEADERS.originalTopic]) ?? '?',
          origin: `${header(h[DLQ_HEADERS.originalPartition])}:${header(h[DLQ_HEADERS.originalOffset])}`,
        });
        if (Number(message.offset) + 1 >= (remaining.get(partition) ?? 0)) remaining.delete(partition);
        if (remaining.size === 0) resolve();
      },
    });
  });
  await Promise.race([done, sleep(60_000)]);
  await consumer.disconnect();
  return found;
}

/** Each consumer group's state and its lag on the topic it consumes. */
async function groupLag(
  kafka: Kafka,
  pairs: Array<[string, string]>,
): Promise<Array<{ group: string; state: string; lag: number }>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const described = await admin.describeGroups(pairs.map(([g]) => g));
    const out = [];
    for (const [group, topic] of pairs) {
      const ends = await admin.fetchTopicOffsets(topic);
      const committed = (await admin.fetchOffsets({ groupId: group, topics: [topic] }))[0]?.partitions ?? [];
      let lag = 0;
      for (const p of ends) {
        const c = Number(committed.find((x) => x.partition === p.partition)?.offset ?? -1);
        lag += Number(p.high) - (c < 0 ? Number(p.low) : c);
      }
      out.push({ group, state: described.groups.find((g) => g.groupId === group)?.state ?? 'unknown', lag });
    }
    return out;
  } finally {
    await admin.disconnect();
  }
}

void main()
  .then((code) => process.exit(code))
  .catch((error: Error) => {
    process.stderr.write(`chaos failed: ${error.stack ?? error.message}\n`);
    process.exit(2);
  });

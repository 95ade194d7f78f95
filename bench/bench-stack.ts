/**
 * What every benchmark phase runs on: the local Kafka broker and PostgreSQL (started with
 * startLocalServices unless the environment points at running ones), the bench SMTP sink, a fresh
 * database and fresh topics for this run, and the engine and dispatcher as child processes, run
 * from the compiled build as the Docker image runs them (`npm run build`, done at the start of the
 * run), each its own process so that its memory is its own and `--cpu-prof` can profile it.
 */
import { ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { TOPIC_VARIABLES, TopicVariable } from '@postventa/contracts';
import { buildApps, builtEntry, LocalServices, startLocalServices } from '@postventa/dev-services';
import { createDataSource, runMigrations, TransactionRunner } from '@postventa/persistence';
import { FlowPublisher, loadFlowDirectory } from '@postventa/flows';
import { BenchSmtpSink } from './smtp-sink';

export const ROOT = join(__dirname, '..');
export const PARTITIONS = 3;

export type AppName = 'engine' | 'dispatcher' | 'gateway';

export interface StackOptions {
  logDir: string;
  logLevel: string;
  /** Folder for `--cpu-prof` output of the apps; no profiling when not given. */
  cpuProfDir?: string;
  log: (line: string) => void;
}

/** An app in a child process; resolves start() when it reports ready. */
export class BenchApp {
  private child?: ChildProcess;
  /** The HTTP address the app reported when ready. */
  url = '';

  /** `label` names its log and profile files (default: the app's name). */
  constructor(
    readonly name: AppName,
    private readonly env: Record<string, string>,
    private readonly options: StackOptions,
    readonly label: string = name,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    const execArgv: string[] = [];
    if (this.options.cpuProfDir)
      execArgv.push(
        '--cpu-prof',
        `--cpu-prof-dir=${this.options.cpuProfDir}`,
        `--cpu-prof-name=${this.label}-${Date.now()}.cpuprofile`,
      );
    const log = createWriteStream(join(this.options.logDir, `${this.label}.log`), { flags: 'a' });
    const child = fork(builtEntry(this.name), [], {
      cwd: ROOT,
      execArgv,
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.child = child;
    const outcome = await new Promise<'ready' | 'exited'>((resolve) => {
      child.on('message', (m: { type?: string; apps?: Array<{ url: string }> }) => {
        if (m?.type !== 'ready') return;
        this.url = m.apps?.[0]?.url ?? '';
        resolve('ready');
      });
      child.once('exit', () => resolve('exited'));
    });
    if (outcome !== 'ready')
      throw new Error(`${this.label} exited during start-up (see ${join(this.options.logDir, `${this.label}.log`)})`);
  }

  /** CPU time (user + system) the process has used so far, in ms (0 when not running). */
  cpuMs(): number {
    if (!this.child?.pid) return 0;
    try {
      // Fields 14 and 15 of /proc/<pid>/stat, after the command name in parentheses; in clock
      // ticks of 10 ms (USER_HZ is 100 on Linux).
      const fields = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      return 0;
    }
  }

  /** Resident set size in MB (0 when not running). */
  rssMb(): number {
    if (!this.child?.pid) return 0;
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.child.pid}/status`, 'utf8'));
      return match ? Number(match[1]) / 1024 : 0;
    } catch {
      return 0;
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }
}

export class BenchStack {
  readonly id = randomUUID().slice(0, 8);
  readonly sink = new BenchSmtpSink();
  env: Record<string, string> = {};
  kafka!: Kafka;
  db!: Client;
  engine?: BenchApp;
  dispatcher?: BenchApp;
  private services?: LocalServices;
  private adminUrl = '';
  private database = '';

  constructor(private readonly options: StackOptions) {}

  topic(key: TopicVariable): string {
    return this.env[key];
  }

  async start(): Promise<void> {
    // The apps compile while the services start (a failed start of either is the error reported).
    const build = buildApps();
    build.catch(() => undefined);
    const smtpUrl = await this.sink.start();
    this.services = await startLocalServices({
      // The apps always send to the bench sink, whatever SMTP the environment names.
      env: { ...process.env, SMTP_URL: smtpUrl, SMTP_CAPTURE_URL: undefined },
      dataDir: mkdtempSync(join(tmpdir(), 'postventa-bench-')),
      ephemeral: true,
      kafkaVersion: process.env.LOCAL_KAFKA_VERSION || '4.3.1',
      kafkaHeap: process.env.LOCAL_KAFKA_HEAP || '512m',
      log: this.options.log,
    });
    this.options.log(`apps compiled (npm run build) in ${(await build).toFixed(1)} s`);
    const services = this.services.env;
    this.adminUrl = services.DATABASE_URL;
    this.database = `pv_bench_${this.id}`;
    const server = new Client({ connectionString: this.adminUrl });
    await server.connect();
    await server.query(`CREATE DATABASE ${this.database}`);
    await server.end();
    const url = new URL(this.adminUrl);
    url.pathname = `/${this.database}`;
    const p = `bench-${this.id}`;
    this.env = {
      NODE_ENV: 'development',
      LOG_LEVEL: this.options.logLevel,
      KAFKA_BROKERS: services.KAFKA_BROKERS,
      DATABASE_URL: url.toString(),
      SMTP_URL: smtpUrl,
      // The product default (50/s per dispatcher) protects a real relay; the bench measures the stack.
      SMTP_RATE_LIMIT: '0',
      TEMPLATES_DIR: join(ROOT, 'flows', 'templates'),
      FLOWS_DIR: join(ROOT, 'flows'),
      FLOWS_AUTO_PUBLISH: 'false',
      RUN_MIGRATIONS: 'false',
      GATEWAY_PORT: '0',
      ENGINE_PORT: '0',
      DISPATCHER_PORT: '0',
      KAFKA_TOPIC_PARTITIONS: String(PARTITIONS),
      LINK_SIGNING_SECRET: 'bench-link-signing-secret-0123456789abcdef',
      PUBLIC_BASE_URL: 'https://links.bench.example',
      TOPIC_COMMERCE: `${p}.commerce`,
      TOPIC_USAGE: `${p}.usage`,
      TOPIC_SUPPORT: `${p}.support`,
      TOPIC_FEEDBACK: `${p}.feedback`,
      TOPIC_TIMERS: `${p}.timers`,
      TOPIC_COMMANDS: `${p}.commands`,
      TOPIC_ACTIVITY: `${p}.activity`,
      TOPIC_DEAD_LETTER: `${p}.dead-letter`,
      ENGINE_GROUP_ID: `${p}.engine`,
      DISPATCHER_GROUP_ID: `${p}.dispatcher`,
    };
    this.db = new Client({ connectionString: this.env.DATABASE_URL });
    await this.db.connect();

    const dataSource = createDataSource({
      url: this.env.DATABASE_URL,
      poolSize: 2,
      applicationName: 'postventa-bench',
    });
    await dataSource.initialize();
    try {
      await runMigrations(dataSource);
      // The shipped flows, and the latency phase's own (bench/flows: it starts on that phase's orders only).
      const flows = [];
      for (const dir of [this.env.FLOWS_DIR, join(ROOT, 'bench', 'flows')]) {
        const loaded = loadFlowDirectory(dir, this.env.TEMPLATES_DIR);
        if (loaded.issues.length > 0)
          throw new Error(`the flows in ${dir} do not load: ${JSON.stringify(loaded.issues)}`);
        flows.push(...loaded.flows);
      }
      await new FlowPublisher(new TransactionRunner(dataSource)).publish(flows, new Date());
    } finally {
      await dataSource.destroy();
    }

    this.kafka = new Kafka({
      clientId: `postventa-bench-${this.id}`,
      brokers: this.env.KAFKA_BROKERS.split(','),
      logLevel: logLevel.NOTHING,
    });
    const admin = this.kafka.admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: Object.values(TOPIC_VARIABLES).map((key) => ({
        topic: this.env[key],
        numPartitions: PARTITIONS,
        replicationFactor: 1,
      })),
    });
    await admin.disconnect();
    mkdirSync(this.options.logDir, { recursive: true });
  }

  /** Starts the dispatcher, then the engine; resolves when both are ready. */
  async startApps(): Promise<void> {
    this.dispatcher = new BenchApp('dispatcher', this.env, this.options);
    this.engine = new BenchApp('engine', this.env, this.options);
    await this.dispatcher.start();
    await this.engine.start();
  }

  /** Extra apps of the scale-out phase (second engine, second dispatcher) and the gateway. */
  readonly extras: BenchApp[] = [];

  /** Starts one more app next to the others, with its own name (and settings). */
  async startExtra(name: AppName, label: string, env: Record<string, string> = {}): Promise<BenchApp> {
    const app = new BenchApp(name, { ...this.env, ...env }, this.options, label);
    this.extras.push(app);
    await app.start();
    return app;
  }

  /** CPU time used so far by the engine and the dispatcher, in ms. */
  appsCpuMs(): { engine: number; dispatcher: number } {
    return { engine: this.engine?.cpuMs() ?? 0, dispatcher: this.dispatcher?.cpuMs() ?? 0 };
  }

  async stopApps(): Promise<void> {
    const extras = this.extras.splice(0);
    await Promise.allSettled([this.engine?.stop(), this.dispatcher?.stop(), ...extras.map((a) => a.stop())]);
  }

  /** Sum of the high watermarks of a topic's partitions (messages written to it). */
  async topicSize(topic: string): Promise<number> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(topic);
      return offsets.reduce((sum, o) => sum + Number(o.high), 0);
    } finally {
      await admin.disconnect();
    }
  }

  async count(sql: string, params: unknown[] = []): Promise<number> {
    const { rows } = await this.db.query(sql, params);
    return Number(Object.values(rows[0] as Record<string, unknown>)[0] ?? 0);
  }

  async stop(keepDatabase = false): Promise<void> {
    await this.stopApps();
    await this.db?.end().catch(() => undefined);
    if (!keepDatabase && this.database) {
      const admin = new Client({ connectionString: this.adminUrl });
      await admin.connect().catch(() => undefined);
      await admin.query(`DROP DATABASE IF EXISTS ${this.database} WITH (FORCE)`).catch(() => undefined);
      await admin.end().catch(() => undefined);
    }
    await this.sink.stop();
    await this.services?.stop();
  }
}

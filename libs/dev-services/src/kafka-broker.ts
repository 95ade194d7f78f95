import { ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { DevServiceError, DevServiceErrorCode } from './dev-service.error';
import { freePort, waitForPort } from './free-port';
import { PortBook } from './port-book';
import { PROJECT_ROOT } from './project-root';
import { runCommand, stopProcess, waitForProcessExit } from './process-control';
import type { ProcessExit } from './process-supervisor';

export interface KafkaBrokerOptions {
  /** Apache Kafka version, resolved from Maven Central. */
  version: string;
  /** Folder for the broker's log segments and metadata; kept between runs unless ephemeral. */
  dataDir: string;
  /** Folder where the jars are cached (git-ignored). */
  cacheDir: string;
  heap: string;
  /** Where its ports are kept between runs; free ports each start when not given. */
  ports?: PortBook;
  /** The broker exited on its own after it had started (not through `stop()`). */
  onUnexpectedExit?: (exit: ProcessExit) => void;
  log?: (line: string) => void;
}

const POM = join(PROJECT_ROOT, 'libs', 'dev-services', 'kafka', 'pom.xml');

/**
 * A real single-node Apache Kafka broker in KRaft mode (combined broker + controller), run with
 * the machine's Java. Its jars come from Maven Central through Maven and are cached.
 */
export class KafkaBroker {
  private process?: ChildProcess;
  port = 0;
  private controllerPort = 0;
  /** `java -version` once found: a restart after a crash does not look again. */
  private javaVersion?: string;

  constructor(private readonly options: KafkaBrokerOptions) {}

  get bootstrap(): string {
    return `127.0.0.1:${this.port}`;
  }

  /**
   * Starts the broker and resolves with its bootstrap address once it accepts connections. Started
   * again (after a crash), it keeps its ports and its data.
   */
  async start(): Promise<string> {
    const log = this.options.log ?? (() => undefined);
    if (this.javaVersion === undefined) {
      this.javaVersion = await requireCommand(
        'java',
        ['-version'],
        DevServiceErrorCode.JavaMissing,
        'Java 17 or newer is needed to run the local Kafka broker. Install a JDK (e.g. `apt-get install openjdk-17-jre-headless`) or set KAFKA_BROKERS to an existing broker.',
      );
    }
    const libs = await this.resolveJars(log);

    mkdirSync(this.options.dataDir, { recursive: true });
    const pidFile = join(this.options.dataDir, 'broker.pid');
    await stopOrphanBroker(pidFile);
    const ports = this.options.ports;
    if (!this.port) this.port = ports ? await ports.port('kafka') : await freePort();
    if (!this.controllerPort) this.controllerPort = ports ? await ports.port('kafka-controller') : await freePort();
    const logDir = join(this.options.dataDir, 'log');
    const properties = join(this.options.dataDir, 'server.properties');
    writeFileSync(properties, brokerProperties(this.port, this.controllerPort, logDir));

    const classpath = `${libs}/*`;
    const classes = new ClassArchive(join(this.options.cacheDir, this.options.version), this.javaVersion);
    if (!existsSync(join(logDir, 'meta.properties'))) {
      // A base64url id may start with '-', which the storage tool would read as an option.
      let clusterId = randomBytes(16).toString('base64url');
      while (clusterId.startsWith('-')) clusterId = randomBytes(16).toString('base64url');
      const format = await runCommand('java', [
        ...classes.reuseFlags(),
        '-cp',
        classpath,
        'kafka.tools.StorageTool',
        'format',
        '-t',
        clusterId,
        '-c',
        properties,
      ]);
      if (format.status !== 0) {
        throw new DevServiceError(
          DevServiceErrorCode.KafkaStartFailed,
          `Formatting Kafka storage failed:\n${format.stderr || format.stdout}`,
        );
      }
    }

    const out = createWriteStream(join(this.options.dataDir, 'broker.log'), { flags: 'a' });
    const child = spawn(
      'java',
      [
        `-Xmx${this.options.heap}`,
        '-Xms128m',
        '-XX:+UseG1GC',
        '-XX:TieredStopAtLevel=1',
        ...classes.flags(),
        '-Djava.awt.headless=true',
        '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn',
        '-cp',
        classpath,
        'kafka.Kafka',
        properties,
      ],
      // Its own process group: a Ctrl-C in the terminal reaches the supervisor, which stops the
      // apps first and the broker last.
      { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    if (child.pid) writeFileSync(pidFile, String(child.pid));
    child.stdout?.pipe(out);
    child.stderr?.pipe(out);
    this.process = child;
    let exited = false;
    let running = false;
    child.once('exit', (code, signal) => {
      exited = true;
      classes.settle(code, signal);
      if (!running || this.process !== child) return;
      this.process = undefined;
      rmSync(pidFile, { force: true });
      this.options.onUnexpectedExit?.({ code, signal });
    });
    log(`kafka: starting Apache Kafka ${this.options.version} (KRaft) on ${this.bootstrap}`);
    try {
      await waitForPort('127.0.0.1', this.port, 60_000, () => !exited);
      running = true;
    } catch (error) {
      await this.stop();
      throw new DevServiceError(
        DevServiceErrorCode.KafkaStartFailed,
        `The local Kafka broker did not start (${(error as Error).message}); see ${join(this.options.dataDir, 'broker.log')}. ` +
          'Set KAFKA_BROKERS to use an existing broker instead.',
      );
    }
    return this.bootstrap;
  }

  /** The broker's process id while it runs. */
  get pid(): number | undefined {
    return this.process?.pid;
  }

  async stop(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (child) await stopProcess(child, 20_000);
    rmSync(join(this.options.dataDir, 'broker.pid'), { force: true });
  }

  /** Makes sure the broker jars are in the cache, resolving them with Maven when they are not. */
  private async resolveJars(log: (line: string) => void): Promise<string> {
    const libs = join(this.options.cacheDir, this.options.version, 'libs');
    const marker = `kafka_2.13-${this.options.version}.jar`;
    if (existsSync(libs) && readdirSync(libs).includes(marker)) return libs;
    await requireCommand(
      'mvn',
      ['-v'],
      DevServiceErrorCode.MavenMissing,
      'Apache Maven is needed once to download the Kafka broker jars from Maven Central. Install it (e.g. `apt-get install maven`) or set KAFKA_BROKERS to an existing broker.',
    );
    log(`kafka: resolving Apache Kafka ${this.options.version} jars from Maven Central (first run only)`);
    // Asynchronously: start-up goes on probing the other services meanwhile.
    const result = await runCommand('mvn', [
      '-q',
      '-B',
      '-f',
      POM,
      `-Dkafka.version=${this.options.version}`,
      `-Doutput.dir=${libs}`,
      'dependency:copy-dependencies',
    ]);
    if (result.status !== 0 || !existsSync(join(libs, marker))) {
      throw new DevServiceError(
        DevServiceErrorCode.KafkaJarsUnavailable,
        `Could not resolve org.apache.kafka:kafka_2.13:${this.options.version} with Maven:\n${(result.stdout + result.stderr).slice(-2000)}\n` +
          'Check network access to Maven Central, or set KAFKA_BROKERS to an existing broker.',
      );
    }
    return libs;
  }
}

/**
 * The JVM's class-data archive (CDS) of the broker's classes, kept next to the jars for the
 * installed Java: a broker that maps it at start-up skips most class loading and accepts
 * connections in about half the time. The first broker run without one writes it when it
 * stops, under a name of its own, moved into place only after a clean exit.
 */
class ClassArchive {
  readonly file: string;
  private pending?: string;

  constructor(dir: string, javaVersion: string) {
    const java = createHash('sha256').update(javaVersion).digest('hex').slice(0, 12);
    this.file = join(dir, `broker-classes-${java}.jsa`);
  }

  /** Flags for a JVM that only uses the archive when there is one (e.g. the storage tool). */
  reuseFlags(): string[] {
    return existsSync(this.file) ? [`-XX:SharedArchiveFile=${this.file}`] : [];
  }

  /** Flags for the broker: use the archive, or write it at exit when there is none yet. */
  flags(): string[] {
    if (existsSync(this.file)) return this.reuseFlags();
    this.pending = `${this.file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
    return [`-XX:ArchiveClassesAtExit=${this.pending}`];
  }

  /** After the broker exited: keeps an archive written by a clean exit, drops anything else. */
  settle(code: number | null, signal: NodeJS.Signals | null): void {
    const pending = this.pending;
    this.pending = undefined;
    if (!pending || !existsSync(pending)) return;
    // The JVM writes the archive while exiting: a kill on the way (SIGKILL) may leave half a file.
    const clean = signal === null && (code === 0 || code === 143);
    try {
      if (clean) renameSync(pending, this.file);
      else rmSync(pending, { force: true });
    } catch {
      // Not kept: the next run writes one again.
    }
  }
}

/** A broker left behind by a supervisor that was killed holds the data folder: stop it first. */
async function stopOrphanBroker(pidFile: string): Promise<void> {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8'));
  rmSync(pidFile, { force: true });
  try {
    if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('kafka.Kafka')) return;
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  if (!(await waitForProcessExit(pid, 30_000))) process.kill(pid, 'SIGKILL');
}

function brokerProperties(port: number, controllerPort: number, logDir: string): string {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'inter.broker.listener.name=PLAINTEXT',
    `log.dirs=${logDir}`,
    'num.partitions=1',
    'default.replication.factor=1',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=4',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=4',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    // A broker restarted after a crash cannot register until the controller has given up on its
    // previous incarnation (after broker.session.timeout.ms, 9 s by default). Broker and
    // controller share this process and talk over loopback, so a short session is safe and the
    // restart is seconds faster.
    'broker.heartbeat.interval.ms=500',
    'broker.session.timeout.ms=3000',
    'auto.create.topics.enable=false',
    'log.retention.hours=168',
    'message.max.bytes=1048588',
    '',
  ].join('\n');
}

async function requireCommand(
  command: string,
  args: string[],
  code: DevServiceErrorCode,
  help: string,
): Promise<string> {
  const probe = await runCommand(command, args);
  if (probe.error || probe.status !== 0) throw new DevServiceError(code, `${command} was not found. ${help}`);
  return `${probe.stdout}${probe.stderr}`;
}

import { join, resolve } from 'node:path';
import { DevServiceError, DevServiceErrorCode } from './dev-service.error';
import { probeEndpoints, ProbeOptions } from './free-port';
import { KafkaBroker } from './kafka-broker';
import { PortBook } from './port-book';
import { PostgresServer } from './postgres-server';
import { PROJECT_ROOT } from './project-root';
import type { ProcessExit } from './process-supervisor';
import { SmtpCaptureServer } from './smtp-capture.server';

export interface LocalServicesOptions {
  /** The process environment: services the user pointed us at are used, not started. */
  env: Record<string, string | undefined>;
  /** Folder for the data of the services we start. */
  dataDir: string;
  /** Throw the data away when stopping (tests). */
  ephemeral: boolean;
  kafkaVersion: string;
  kafkaHeap: string;
  /** Folder where Kafka jars are cached between runs. */
  cacheDir?: string;
  /**
   * How services the user points at are probed: retried with a backoff up to a time limit.
   * One attempt when not given.
   */
  probe?: Omit<ProbeOptions, 'onWaiting'>;
  /** A local Kafka broker or PostgreSQL server exited on its own; `restart(name)` starts it again. */
  onUnexpectedExit?: (service: RestartableService, exit: ProcessExit) => void;
  log?: (line: string) => void;
}

/** The local services that run as processes of their own, and can die on their own. */
export type RestartableService = 'kafka' | 'postgres';

export interface LocalServices {
  /** KAFKA_BROKERS, DATABASE_URL, SMTP_URL (and SMTP_CAPTURE_URL when we run the capture). */
  env: Record<string, string>;
  /** What this call started, e.g. ['kafka', 'postgres', 'smtp']. */
  started: string[];
  smtpCapture?: SmtpCaptureServer;
  /** Process ids of the local Kafka broker and PostgreSQL server while they run. */
  pids(): Partial<Record<RestartableService, number>>;
  /** Starts a local service again after it died, on the same port and data. */
  restart(service: RestartableService): Promise<void>;
  stop(): Promise<void>;
}

export class ExternalServiceError extends DevServiceError {}

/**
 * Starts the local Kafka broker, PostgreSQL server and SMTP capture that the environment does not
 * already provide, in parallel, and returns the variables that point at all three. Their ports
 * are kept in `<dataDir>/ports.json` and reused by the next start while free.
 */
export async function startLocalServices(options: LocalServicesOptions): Promise<LocalServices> {
  const env: Record<string, string> = {};
  const started: string[] = [];
  const stoppers: Array<() => Promise<void>> = [];
  const dataDir = resolve(options.dataDir);
  const cacheDir = resolve(options.cacheDir ?? join(PROJECT_ROOT, '.cache', 'kafka'));
  let smtpCapture: SmtpCaptureServer | undefined;
  const ports = new PortBook(dataDir, options.log);
  const restartable: Partial<Record<RestartableService, KafkaBroker | PostgresServer>> = {};
  const exited = (service: RestartableService) => (exit: ProcessExit) => options.onUnexpectedExit?.(service, exit);

  const tasks: Array<Promise<void>> = [];
  const given = (name: string) => options.env[name] !== undefined && options.env[name] !== '';

  if (given('KAFKA_BROKERS')) {
    env.KAFKA_BROKERS = options.env.KAFKA_BROKERS!;
    tasks.push(
      ensureReachable(
        'KAFKA_BROKERS',
        env.KAFKA_BROKERS.split(',').map((b) => b.trim()),
        options,
      ),
    );
  } else {
    const broker = new KafkaBroker({
      version: options.kafkaVersion,
      heap: options.kafkaHeap,
      dataDir: join(dataDir, 'kafka'),
      cacheDir,
      ports,
      onUnexpectedExit: exited('kafka'),
      log: options.log,
    });
    restartable.kafka = broker;
    tasks.push(
      broker.start().then((bootstrap) => {
        env.KAFKA_BROKERS = bootstrap;
        started.push('kafka');
        stoppers.push(() => broker.stop());
      }),
    );
  }

  if (given('DATABASE_URL')) {
    env.DATABASE_URL = options.env.DATABASE_URL!;
    tasks.push(ensureReachable('DATABASE_URL', [hostPort(env.DATABASE_URL, 5432)], options));
  } else {
    const postgres = new PostgresServer({
      dataDir: join(dataDir, 'postgres'),
      ephemeral: options.ephemeral,
      database: 'postventa',
      ports,
      onUnexpectedExit: exited('postgres'),
      log: options.log,
    });
    restartable.postgres = postgres;
    tasks.push(
      postgres.start().then((url) => {
        env.DATABASE_URL = url;
        started.push('postgres');
        stoppers.push(() => postgres.stop());
      }),
    );
  }

  if (given('SMTP_URL')) {
    env.SMTP_URL = options.env.SMTP_URL!;
    if (given('SMTP_CAPTURE_URL')) env.SMTP_CAPTURE_URL = options.env.SMTP_CAPTURE_URL!;
    tasks.push(
      ensureReachable('SMTP_URL', [hostPort(env.SMTP_URL, env.SMTP_URL.startsWith('smtps:') ? 465 : 587)], options),
    );
  } else {
    const capture = new SmtpCaptureServer({ dataDir: join(dataDir, 'mail'), ports, log: options.log });
    smtpCapture = capture;
    tasks.push(
      capture.start().then(({ smtpUrl, apiUrl }) => {
        env.SMTP_URL = smtpUrl;
        env.SMTP_CAPTURE_URL = apiUrl;
        started.push('smtp');
        stoppers.push(() => capture.stop());
      }),
    );
  }

  const stop = async () => {
    await Promise.allSettled(stoppers.splice(0).map((s) => s()));
    if (options.ephemeral) {
      const { rmSync } = await import('node:fs');
      rmSync(dataDir, { recursive: true, force: true });
    }
  };

  const results = await Promise.allSettled(tasks);
  const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failures.length > 0) {
    await stop();
    const messages = failures.map((f) => (f.reason instanceof Error ? f.reason.message : String(f.reason)));
    const first = failures[0].reason;
    throw first instanceof DevServiceError && failures.length === 1
      ? first
      : new DevServiceError(
          (first as DevServiceError).code ?? DevServiceErrorCode.KafkaStartFailed,
          messages.join('\n'),
        );
  }
  const pids = () => {
    const running: Partial<Record<RestartableService, number>> = {};
    for (const [name, service] of Object.entries(restartable) as Array<
      [RestartableService, KafkaBroker | PostgresServer]
    >) {
      if (service.pid) running[name] = service.pid;
    }
    return running;
  };
  const restart = async (service: RestartableService) => {
    const server = restartable[service];
    if (!server) throw new Error(`no local ${service} runs here`);
    await server.start();
  };
  return { env, started, smtpCapture, pids, restart, stop };
}

function hostPort(url: string, defaultPort: number): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || defaultPort}`;
}

async function ensureReachable(variable: string, endpoints: string[], options: LocalServicesOptions): Promise<void> {
  const probe = options.probe ?? { timeoutMs: 0, retryDelayMs: () => 0 };
  const reachable = await probeEndpoints(endpoints, {
    ...probe,
    onWaiting: () =>
      options.log?.(
        `${variable}: ${endpoints.join(', ')} does not accept connections yet; trying again for up to ${probe.timeoutMs} ms`,
      ),
  });
  if (reachable) return;
  const waited = probe.timeoutMs > 0 ? ` (tried for ${probe.timeoutMs} ms)` : '';
  throw new ExternalServiceError(
    DevServiceErrorCode.ServiceUnreachable,
    `${variable} points at ${endpoints.join(', ')}, which does not accept connections${waited}. Start that service, fix ${variable}, or unset it to let Postventa start a local one.`,
  );
}

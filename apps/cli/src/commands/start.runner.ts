import { ChildProcess, fork } from 'node:child_process';
import { resolve } from 'node:path';
import {
  LocalServices,
  ProcessExit,
  ProcessSupervisor,
  startLocalServices,
  stopProcess,
} from '@postventa/dev-services';
import { createDataSource, runMigrations } from '@postventa/persistence';
import { AppConfig, backoffDelayMs, ConfigError, createLogger, Logger } from '@postventa/platform';
import { LocalKeys, localDevelopmentKeys } from '../local-keys';
import { removeServicesFile, writeServicesFile } from '../services-file';
import { parseAppList } from './run.command';

/** The work of `postventa start`, loaded when it runs (start.command.ts declares it). */

export interface StartOptions {
  apps: string;
  oneProcess?: boolean;
}

interface ReadyMessage {
  type: 'ready';
  apps: Array<{ name: string; url: string }>;
}

/**
 * One app process (`postventa run <group>`) under the supervisor: started once and waited for;
 * afterwards, an exit nobody asked for is a crash and the supervisor starts it again.
 */
class SupervisedApp {
  private child?: ChildProcess;
  private wasReady = false;

  constructor(
    readonly group: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly supervisor: ProcessSupervisor,
  ) {}

  /** Starts the app and resolves when it is ready; rejects when it exits first. */
  start(): Promise<ReadyMessage['apps']> {
    return new Promise((resolveReady, reject) => {
      // This CLI's own entry script (bin/postventa.js, or the built dist/apps/cli/src/main.js) runs each app.
      const child = fork(resolve(process.argv[1]), ['run', this.group], {
        env: this.env,
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      this.child = child;
      let ready = false;
      child.on('message', (message: ReadyMessage) => {
        if (message?.type !== 'ready') return;
        ready = true;
        this.wasReady = true;
        resolveReady(message.apps);
      });
      child.once('exit', (code, signal) => {
        if (this.child !== child) return; // stopped on purpose
        this.child = undefined;
        if (!ready) reject(new Error(`${this.group} exited during start-up (${signal ?? `code ${code}`})`));
        // An app that never came up stops start-up instead (a bad port, a bad flow...).
        if (this.wasReady) this.supervisor.crashed(this.group, { code, signal }, () => this.restart());
      });
    });
  }

  /** Stops the app (SIGTERM, then SIGKILL after `timeoutMs`); its exit is not a crash. */
  async stop(timeoutMs: number): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child) await stopProcess(child, timeoutMs);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** A restart does not wait for readiness: an exit before it is one more crash, counted as such. */
  private restart(): Promise<void> {
    this.start().catch(() => undefined);
    return Promise.resolve();
  }
}

/**
 * Starts the local services the environment does not provide, applies migrations, starts each app
 * in its own process, prints where everything listens, and supervises them.
 */
export async function startStack(options: StartOptions): Promise<void> {
  const say = (line: string) => process.stdout.write(`${line}\n`);
  let config: AppConfig;
  try {
    config = AppConfig.fromEnvironment(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const apps = parseAppList(options.apps);
  const logger: Logger = createLogger({ name: 'supervisor', level: config.get('LOG_LEVEL') });
  const backoff = {
    initialMs: config.get('SUPERVISOR_RESTART_INITIAL_MS'),
    maxMs: config.get('SUPERVISOR_RESTART_MAX_MS'),
  };

  const supervised: SupervisedApp[] = [];
  let services: LocalServices | undefined;
  let stopping = false;
  const shutdown = async (reason: string, code: number) => {
    if (stopping) return;
    stopping = true;
    supervisor.stop();
    say(`\n${reason}: stopping apps and local services...`);
    await Promise.allSettled(supervised.map((app) => app.stop(config.get('SHUTDOWN_TIMEOUT_MS') + 2000)));
    removeServicesFile(config.get('POSTVENTA_DATA_DIR'));
    await services?.stop();
    const restarts = Object.entries(supervisor.restarts);
    if (restarts.length > 0) say(`restarts: ${restarts.map(([name, count]) => `${name} ${count}`).join(', ')}`);
    say('stopped.');
    process.exit(code);
  };

  const supervisor = new ProcessSupervisor({
    limit: config.get('SUPERVISOR_CRASH_LIMIT'),
    windowMs: config.get('SUPERVISOR_CRASH_WINDOW_MS'),
    restartDelayMs: (attempt) => backoffDelayMs(backoff, attempt),
    onRestart: ({ name, code, signal, error, attempt, delayMs, restarts }) => {
      const kind = name === 'kafka' || name === 'postgres' ? 'service' : 'app';
      logger.warn({ [kind]: name, code, signal, error, attempt, delayMs, restarts }, `${kind} crashed; restarting`);
    },
    onCrashLoop: (name, exit, crashes) => {
      const last = exit.error ?? (exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`);
      const message = `${name} crashed ${crashes} times within ${config.get('SUPERVISOR_CRASH_WINDOW_MS')} ms (last: ${last}); stopping everything`;
      logger.error({ name, crashes, code: exit.code, signal: exit.signal }, message);
      process.stderr.write(`postventa: ${message}\n`);
      void shutdown(`${name} crash loop`, 1);
    },
  });

  process.on('SIGINT', () => void shutdown('SIGINT', 0));
  process.on('SIGTERM', () => void shutdown('SIGTERM', 0));

  try {
    say('postventa: starting local services that are not configured...');
    services = await startLocalServices({
      env: process.env,
      dataDir: config.get('POSTVENTA_DATA_DIR'),
      ephemeral: false,
      kafkaVersion: config.get('LOCAL_KAFKA_VERSION'),
      kafkaHeap: config.get('LOCAL_KAFKA_HEAP'),
      probe: {
        timeoutMs: config.get('SERVICE_PROBE_TIMEOUT_MS'),
        retryDelayMs: (attempt) => backoffDelayMs({ initialMs: 250, maxMs: 2000 }, attempt),
      },
      onUnexpectedExit: (service, exit: ProcessExit) =>
        supervisor.crashed(service, exit, () => services!.restart(service)),
      log: say,
    });
    // A local setup (services started here) with no keys gets local ones, so that it can be used at once.
    const keys: LocalKeys =
      services.started.length > 0 ? localDevelopmentKeys(config.get('POSTVENTA_DATA_DIR'), process.env) : {};
    const env: NodeJS.ProcessEnv = { ...process.env, ...services.env, ...keys };
    if (services.started.length > 0) writeServicesFile(config.get('POSTVENTA_DATA_DIR'), { ...services.env, ...keys });
    const dataSource = createDataSource({ url: env.DATABASE_URL!, applicationName: 'postventa-migrate' });
    await dataSource.initialize();
    const applied = await runMigrations(dataSource);
    await dataSource.destroy();
    say(`postgres: ${applied.length} migration(s) applied`);

    const groups = options.oneProcess ? [apps.join(',')] : apps;
    const appEnv = { ...env, RUN_MIGRATIONS: 'false' };
    for (const group of groups) supervised.push(new SupervisedApp(group, appEnv, supervisor));
    const ready = await Promise.all(supervised.map((app) => app.start()));
    say('');
    say('Postventa is running:');
    for (const app of ready.flat()) say(`  ${app.name.padEnd(11)} ${app.url}   (health: ${app.url}/health)`);
    say(`  kafka       ${services.env.KAFKA_BROKERS}${services.started.includes('kafka') ? ' (local)' : ''}`);
    say(`  postgres    ${redact(services.env.DATABASE_URL)}${services.started.includes('postgres') ? ' (local)' : ''}`);
    say(`  smtp        ${redact(services.env.SMTP_URL)}${services.started.includes('smtp') ? ' (local capture)' : ''}`);
    if (services.env.SMTP_CAPTURE_URL) say(`  mail        ${services.env.SMTP_CAPTURE_URL}/messages`);
    const gateway = ready.flat().find((app) => app.name === 'gateway');
    if (gateway) say(`  dashboard   ${gateway.url}/dashboard   (API document: ${gateway.url}/docs)`);
    if (keys.ADMIN_API_KEYS)
      say(`  admin key   ${keys.ADMIN_API_KEYS}   (made for this local setup; ADMIN_API_KEYS sets yours)`);
    if (keys.INGEST_API_KEYS)
      say(`  ingest key  ${keys.INGEST_API_KEYS}   (made for this local setup; INGEST_API_KEYS sets yours)`);
    say(
      `A crashed app or local service is restarted; ${config.get('SUPERVISOR_CRASH_LIMIT')} crashes of one within ` +
        `${config.get('SUPERVISOR_CRASH_WINDOW_MS')} ms stop everything.`,
    );
    say('Press Ctrl-C to stop.');
  } catch (error) {
    if (stopping) return;
    process.stderr.write(`postventa: start-up failed: ${(error as Error).message}\n`);
    await shutdown('start-up failure', 1);
  }
}

function redact(url: string | undefined): string {
  if (!url) return '';
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

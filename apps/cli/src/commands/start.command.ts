import { ChildProcess, fork } from 'node:child_process';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { removeServicesFile, startLocalServices, stopProcess, writeServicesFile } from '@postventa/dev-services';
import { createDataSource, runMigrations } from '@postventa/persistence';
import { AppConfig, ConfigError } from '@postventa/platform';
import { APP_NAMES, parseAppList } from './run.command';

const BIN = resolve(__dirname, '..', '..', '..', '..', 'bin', 'postventa.js');

interface ReadyMessage {
  type: 'ready';
  apps: Array<{ name: string; url: string }>;
}

/**
 * `npm start`: starts the local services the environment does not provide, applies migrations,
 * starts each app in its own process, prints where everything listens, and on Ctrl-C / SIGTERM
 * stops all it started.
 */
export function startCommand(): Command {
  return new Command('start')
    .description('start local Kafka/PostgreSQL/SMTP as needed, migrate, and run gateway, engine and dispatcher')
    .option('--apps <apps>', `apps to run: ${APP_NAMES.join(',')} or all`, 'all')
    .option('--one-process', 'run the apps together in one process')
    .action(async (options: { apps: string; oneProcess?: boolean }) => {
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

      const children: ChildProcess[] = [];
      let services: Awaited<ReturnType<typeof startLocalServices>> | undefined;
      let stopping = false;
      const shutdown = async (signal: string, code: number) => {
        if (stopping) return;
        stopping = true;
        say(`\n${signal}: stopping apps and local services...`);
        await Promise.allSettled(children.map((child) => stopProcess(child, config.get('SHUTDOWN_TIMEOUT_MS') + 2000)));
        removeServicesFile(config.get('POSTVENTA_DATA_DIR'));
        await services?.stop();
        say('stopped.');
        process.exit(code);
      };
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
          log: say,
        });
        const env = { ...process.env, ...services.env };
        if (services.started.length > 0) writeServicesFile(config.get('POSTVENTA_DATA_DIR'), services.env);
        const dataSource = createDataSource({ url: env.DATABASE_URL!, applicationName: 'postventa-migrate' });
        await dataSource.initialize();
        const applied = await runMigrations(dataSource);
        await dataSource.destroy();
        say(`postgres: ${applied.length} migration(s) applied`);

        const groups = options.oneProcess ? [apps.map((a) => a.name).join(',')] : apps.map((a) => a.name);
        const ready = await Promise.all(
          groups.map(
            (group) =>
              new Promise<ReadyMessage['apps']>((resolveReady, reject) => {
                const child = fork(BIN, ['run', group], { env: { ...env, RUN_MIGRATIONS: 'false' }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
                children.push(child);
                child.on('message', (message: ReadyMessage) => message?.type === 'ready' && resolveReady(message.apps));
                child.once('exit', (code, signal) => {
                  reject(new Error(`${group} exited during start-up (${signal ?? `code ${code}`})`));
                  if (!stopping) void shutdown(`${group} exited`, 1);
                });
              }),
          ),
        );
        say('');
        say('Postventa is running:');
        for (const app of ready.flat()) say(`  ${app.name.padEnd(11)} ${app.url}   (health: ${app.url}/health)`);
        say(`  kafka       ${services.env.KAFKA_BROKERS}${services.started.includes('kafka') ? ' (local)' : ''}`);
        say(`  postgres    ${redact(services.env.DATABASE_URL)}${services.started.includes('postgres') ? ' (local)' : ''}`);
        say(`  smtp        ${redact(services.env.SMTP_URL)}${services.started.includes('smtp') ? ' (local capture)' : ''}`);
        if (services.env.SMTP_CAPTURE_URL) say(`  mail        ${services.env.SMTP_CAPTURE_URL}/messages`);
        say('Press Ctrl-C to stop.');
      } catch (error) {
        process.stderr.write(`postventa: start-up failed: ${(error as Error).message}\n`);
        await shutdown('start-up failure', 1);
      }
    });
}

function redact(url: string | undefined): string {
  if (!url) return '';
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}


import 'reflect-metadata';
import { Command } from 'commander';
import { AppConfig, PostventaError } from '@postventa/platform';
import { templatesCommand } from '../../dispatcher/src';
import { flowsCommand } from '../../engine/src';
import { eventsCommand } from '../../gateway/src';
import { configCommand } from './commands/config.command';
import { migrateCommand } from './commands/migrate.command';
import { runCommand } from './commands/run.command';
import { startCommand } from './commands/start.command';
import { demoCommand } from './demo/demo.command';
import { readRunningServices } from './services-file';

/**
 * Commands run from another terminal while `npm start` runs use its local Kafka, PostgreSQL and
 * SMTP capture, unless the environment names other services.
 */
function useRunningLocalServices(): void {
  if (process.argv[2] === 'start') return;
  let dataDir: string;
  try {
    dataDir = AppConfig.fromEnvironment(process.env).get('POSTVENTA_DATA_DIR');
  } catch {
    return; // the command itself reports the bad variable
  }
  const running = readRunningServices(dataDir);
  if (!running) return;
  for (const [name, value] of Object.entries(running)) process.env[name] ||= value;
}

useRunningLocalServices();

const program = new Command('postventa')
  .description('Postventa: event-driven after-sales journeys, surveys and at-risk alerts')
  .showHelpAfterError()
  .addCommand(startCommand())
  .addCommand(runCommand())
  .addCommand(migrateCommand())
  .addCommand(configCommand())
  .addCommand(eventsCommand())
  .addCommand(templatesCommand())
  .addCommand(flowsCommand())
  .addCommand(demoCommand());

program.parseAsync(process.argv).catch((error: unknown) => {
  const message = error instanceof PostventaError ? `${error.code}: ${error.message}` : (error as Error).message;
  process.stderr.write(`postventa: ${message}\n`);
  process.exit(1);
});

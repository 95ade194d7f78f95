import 'reflect-metadata';
import { Command } from 'commander';
import { PostventaError } from '@postventa/platform';
import { templatesCommand } from '../../dispatcher/src/cli/templates.command';
import { configCommand } from './commands/config.command';
import { eventsCommand } from './commands/events.command';
import { flowsCommand } from './commands/flows.command';
import { migrateCommand } from './commands/migrate.command';
import { runCommand } from './commands/run.command';
import { startCommand } from './commands/start.command';

const program = new Command('postventa')
  .description('Postventa: event-driven after-sales journeys, surveys and at-risk alerts')
  .showHelpAfterError()
  .addCommand(startCommand())
  .addCommand(runCommand())
  .addCommand(migrateCommand())
  .addCommand(configCommand())
  .addCommand(eventsCommand())
  .addCommand(templatesCommand())
  .addCommand(flowsCommand());

program.parseAsync(process.argv).catch((error: unknown) => {
  const message = error instanceof PostventaError ? `${error.code}: ${error.message}` : (error as Error).message;
  process.stderr.write(`postventa: ${message}\n`);
  process.exit(1);
});

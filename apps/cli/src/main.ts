import 'reflect-metadata';
import { Command } from 'commander';
import { templatesCommand } from '../../dispatcher/src';
import { flowsCommand } from '../../engine/src';
import { eventsCommand } from '../../gateway/src';
import { configCommand } from './commands/config.command';
import type * as MainRunner from './commands/main.runner';
import { migrateCommand } from './commands/migrate.command';
import { runCommand } from './commands/run.command';
import { startCommand } from './commands/start.command';
import { demoCommand } from './demo/demo.command';

/*
 * Every command is declared with its arguments, options and help in a light module, and loads its
 * work (an app, the database, Kafka...) only when it runs: `postventa config check` loads no app,
 * `postventa run engine` the engine alone, and `--help` nothing but the declarations.
 */

// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when needed; the build keeps import() native
const runner = (): typeof MainRunner => require('./commands/main.runner');

const program = new Command('postventa')
  .description('Postventa: event-driven after-sales journeys, surveys and at-risk alerts')
  .showHelpAfterError()
  .hook('preAction', () => runner().useRunningLocalServices())
  .addCommand(startCommand())
  .addCommand(runCommand())
  .addCommand(migrateCommand())
  .addCommand(configCommand())
  .addCommand(eventsCommand())
  .addCommand(templatesCommand())
  .addCommand(flowsCommand())
  .addCommand(demoCommand());

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`postventa: ${runner().failureMessage(error)}\n`);
  process.exit(1);
});

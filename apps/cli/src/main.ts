import 'reflect-metadata';
import { Command, Option } from 'commander';
import { templatesCommand } from '../../dispatcher/src';
import { flowsCommand } from '../../engine/src';
import { eventsCommand } from '../../gateway/src';
import { configCommand } from './commands/config.command';
import type * as MainRunner from './commands/main.runner';
import { migrateCommand } from './commands/migrate.command';
import { runCommand } from './commands/run.command';
import { startCommand } from './commands/start.command';
import type * as DemoCommand from './demo/demo.command';

/*
 * Every command is declared with its arguments, options and help in a light module, and loads its
 * work (an app, the database, Kafka...) only when it runs: `postventa config check` loads no app,
 * `postventa run engine` the engine alone, and `--help` nothing but the declarations.
 */

// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when needed; the build keeps import() native
const runner = (): typeof MainRunner => require('./commands/main.runner');

/** The demo is declared beside its runner (demo/): it is loaded only when the command line names it. */
const DEMO_SUMMARY = 'run a synthetic store against the running Postventa, so that every dashboard panel fills';

function demoCommand(): Command {
  const [first, second] = process.argv.slice(2);
  if (first === 'demo' || (first === 'help' && second === 'demo')) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when needed; the build keeps import() native
    return (require('./demo/demo.command') as typeof DemoCommand).demoCommand();
  }
  // Listed by `postventa --help` as the demo command is: its summary, and that it takes options.
  return new Command('demo').description(DEMO_SUMMARY).addOption(new Option('--customers <n>').hideHelp());
}

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

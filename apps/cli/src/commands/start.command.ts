import { Command } from 'commander';
import { APP_NAMES } from './run.command';
import type * as StartRunner from './start.runner';
import type { StartOptions } from './start.runner';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when needed; the build keeps import() native
const runner = (): typeof StartRunner => require('./start.runner');

/**
 * `npm start`: starts the local services the environment does not provide, applies migrations,
 * starts each app in its own process, prints where everything listens, and supervises: a crashed
 * app or local service is restarted with backoff; the stack stops on Ctrl-C / SIGTERM (apps
 * first, then services), or when one process crashes SUPERVISOR_CRASH_LIMIT times within
 * SUPERVISOR_CRASH_WINDOW_MS. The supervisor loads no app: each runs in its own `postventa run`.
 */
export function startCommand(): Command {
  return new Command('start')
    .description(
      'start local Kafka/PostgreSQL/SMTP as needed, migrate, and run gateway, engine and dispatcher under supervision',
    )
    .option('--apps <apps>', `apps to run: ${APP_NAMES.join(',')} or all`, 'all')
    .option('--one-process', 'run the apps together in one process')
    .action((options: StartOptions) => runner().startStack(options));
}

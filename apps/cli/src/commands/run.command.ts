import { Command } from 'commander';
import type { AppSpec } from '@postventa/platform';
import { loadDispatcherApp } from '../../../dispatcher/src';
import { loadEngineApp } from '../../../engine/src';
import { loadGatewayApp } from '../../../gateway/src';
import type * as RunRunner from './run.runner';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when needed; the build keeps import() native
const runner = (): typeof RunRunner => require('./run.runner');

/** Each app's spec, loaded only when that app is run: `run engine` loads neither the gateway nor the dispatcher. */
const APPS: Record<string, () => AppSpec> = {
  gateway: loadGatewayApp,
  engine: loadEngineApp,
  dispatcher: loadDispatcherApp,
};
export const APP_NAMES = Object.keys(APPS);

/** The app names of `gateway,engine`, or of `all`; throws on an unknown one. */
export function parseAppList(value: string): string[] {
  const names = value === 'all' ? APP_NAMES : value.split(',').map((n) => n.trim());
  const unknown = names.filter((n) => !APPS[n]);
  if (unknown.length > 0)
    throw new Error(`unknown app ${unknown.join(', ')} (expected ${APP_NAMES.join(', ')} or all)`);
  return names;
}

export function runCommand(): Command {
  return new Command('run')
    .description('run apps in this process against the configured services (gateway, engine, dispatcher, or all)')
    .argument('<apps>', 'comma-separated app names, or "all" for the three in one process')
    .action(async (apps: string) => {
      const names = parseAppList(apps);
      // Under `npm start`: if the supervisor goes away (even killed), stop too instead of running on unwatched.
      if (process.send) process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
      await runner().runAppSpecs(names.map((name) => APPS[name]()));
    });
}

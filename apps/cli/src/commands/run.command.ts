import { Command } from 'commander';
import { AppSpec, runApps } from '@postventa/platform';
import { dispatcherApp } from '../../../dispatcher/src';
import { engineApp } from '../../../engine/src';
import { gatewayApp } from '../../../gateway/src';

export const APPS: Record<string, AppSpec> = { gateway: gatewayApp, engine: engineApp, dispatcher: dispatcherApp };
export const APP_NAMES = Object.keys(APPS);

export function parseAppList(value: string): AppSpec[] {
  const names = value === 'all' ? APP_NAMES : value.split(',').map((n) => n.trim());
  const unknown = names.filter((n) => !APPS[n]);
  if (unknown.length > 0)
    throw new Error(`unknown app ${unknown.join(', ')} (expected ${APP_NAMES.join(', ')} or all)`);
  return names.map((n) => APPS[n]);
}

export function runCommand(): Command {
  return new Command('run')
    .description('run apps in this process against the configured services (gateway, engine, dispatcher, or all)')
    .argument('<apps>', 'comma-separated app names, or "all" for the three in one process')
    .action(async (apps: string) => {
      // Under `npm start`: if the supervisor goes away (even killed), stop too instead of running on unwatched.
      if (process.send) process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
      await runApps(parseAppList(apps));
    });
}

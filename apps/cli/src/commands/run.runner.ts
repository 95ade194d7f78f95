import { AppSpec, runApps } from '@postventa/platform';

/** `postventa run <apps>`, loaded when it runs (run.command.ts declares it and loads the apps it names). */
export async function runAppSpecs(specs: AppSpec[]): Promise<void> {
  await runApps(specs);
}

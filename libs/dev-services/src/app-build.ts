import { join } from 'node:path';
import { runCommand } from './process-control';
import { PROJECT_ROOT } from './project-root';

/** Where the build puts an app's entry point, or the CLI's (`cli`): `dist/apps/<name>/src/main.js`. */
export function builtEntry(app: 'gateway' | 'engine' | 'dispatcher' | 'cli'): string {
  return join(PROJECT_ROOT, 'dist', 'apps', app, 'src', 'main.js');
}

/**
 * Compiles the apps and the CLI as the Docker image does (`npm run build`: SWC into `dist/`, a
 * few seconds), for runs that start app processes from that build (the benchmark, the end-to-end
 * tests' child processes). Resolves with the seconds it took; rejects with the build's output on
 * failure. It runs in its own process, so the services can start meanwhile.
 */
export async function buildApps(): Promise<number> {
  const started = Date.now();
  const build = await runCommand('npm', ['run', 'build'], PROJECT_ROOT);
  if (build.status !== 0)
    throw new Error(
      `npm run build failed (exit ${build.status ?? build.error?.message}):\n${build.stdout}\n${build.stderr}`,
    );
  return (Date.now() - started) / 1000;
}

import { builtEntry } from '@postventa/dev-services';

/**
 * The CLI as the tests run it in its own process: the build that global setup made (`npm run
 * build`, what the Docker image runs). bin/postventa.js compiles the TypeScript sources at every
 * start, about a second of CPU per process more; cli-dependencies.e2e-spec.ts runs it as users do.
 */
export const CLI_ENTRY = builtEntry('cli');

import type { AppSpec } from '@postventa/platform';

/**
 * The engine's entry point for other processes: the `postventa flows` commands (declared here,
 * their work loaded when one runs) and the engine's app spec, loaded on demand so that a command
 * that does not run the engine does not load it.
 */
export { flowsCommand } from './flows/flows.command';
export const loadEngineApp = (): AppSpec =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when needed; the build keeps import() native
  (require('./engine.module') as typeof import('./engine.module')).engineApp;

import type { AppSpec } from '@postventa/platform';

/**
 * The dispatcher's entry point for other processes: the `postventa templates` commands (declared
 * here, their work loaded when one runs) and the dispatcher's app spec, loaded on demand so that
 * a command that does not run the dispatcher does not load it.
 */
export { templatesCommand } from './render/templates.command';
export const loadDispatcherApp = (): AppSpec =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when needed; the build keeps import() native
  (require('./dispatcher.module') as typeof import('./dispatcher.module')).dispatcherApp;

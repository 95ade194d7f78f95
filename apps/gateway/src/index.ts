import type { AppSpec } from '@postventa/platform';

/**
 * The gateway's entry point for other processes: the `postventa events` commands (declared here,
 * their work loaded when one runs) and the gateway's app spec, loaded on demand so that a command
 * that does not run the gateway does not load it.
 */
export { eventsCommand } from './ingest/events.command';
export const loadGatewayApp = (): AppSpec =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when needed; the build keeps import() native
  (require('./gateway.module') as typeof import('./gateway.module')).gatewayApp;

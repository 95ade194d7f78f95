/** The gateway's entry point for other processes: its app spec and the `postventa events` commands. */
export { gatewayApp } from './gateway.module';
export { eventsCommand } from './ingest/events.command';

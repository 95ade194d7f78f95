/** The engine's entry point for other processes: its app spec and the `postventa flows` commands. */
export { engineApp } from './engine.module';
export { flowsCommand } from './flows/flows.command';

/** The dispatcher's entry point for other processes: its app spec and the `postventa templates` commands. */
export { dispatcherApp } from './dispatcher.module';
export { templatesCommand } from './render/templates.command';

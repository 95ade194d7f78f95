import { AppConfig, PostventaError } from '@postventa/platform';
import { readRunningServices } from '../services-file';

/** What every command does around its work, loaded when a command runs (not for `--help`). */

/**
 * Commands run from another terminal while `npm start` runs use its local Kafka, PostgreSQL and
 * SMTP capture, unless the environment names other services.
 */
export function useRunningLocalServices(): void {
  if (process.argv[2] === 'start') return;
  let dataDir: string;
  try {
    dataDir = AppConfig.fromEnvironment(process.env).get('POSTVENTA_DATA_DIR');
  } catch {
    return; // the command itself reports the bad variable
  }
  const running = readRunningServices(dataDir);
  if (!running) return;
  for (const [name, value] of Object.entries(running)) process.env[name] ||= value;
}

/** The one line a failed command prints. */
export function failureMessage(error: unknown): string {
  return error instanceof PostventaError ? `${error.code}: ${error.message}` : (error as Error).message;
}

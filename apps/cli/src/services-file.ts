import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FILE = 'services.json';

interface ServicesFile {
  pid: number;
  env: Record<string, string>;
}

/**
 * `npm start` leaves the addresses of the local services it runs in the data folder, so that the
 * other commands (`postventa events send`, `flows publish`, `migrate`...) find them from another
 * terminal without any variable set.
 */
export function writeServicesFile(dataDir: string, env: Record<string, string>): void {
  writeFileSync(join(dataDir, FILE), `${JSON.stringify({ pid: process.pid, env } satisfies ServicesFile, null, 2)}\n`);
}

export function removeServicesFile(dataDir: string): void {
  rmSync(join(dataDir, FILE), { force: true });
}

/** The variables of the local services of a running `npm start`, or null when none runs. */
export function readRunningServices(dataDir: string): Record<string, string> | null {
  const path = join(dataDir, FILE);
  if (!existsSync(path)) return null;
  try {
    const file = JSON.parse(readFileSync(path, 'utf8')) as ServicesFile;
    process.kill(file.pid, 0);
    return file.env;
  } catch {
    return null;
  }
}

import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FILE = 'local-keys.json';

/** The keys `npm start` makes up for a local setup that names none. */
export const LOCAL_KEY_VARIABLES = ['INGEST_API_KEYS', 'ADMIN_API_KEYS'] as const;
export type LocalKeys = Partial<Record<(typeof LOCAL_KEY_VARIABLES)[number], string>>;

/**
 * For `npm start` on its own local services: an ingest key and an admin key for each variable the
 * environment leaves unset, so that events can be posted, the dashboard signed in to and
 * `npm run demo` run with nothing configured. They are random, made once and kept in the data
 * folder (readable by its owner only), so they stay the same across restarts. A variable that is
 * set always wins.
 */
export function localDevelopmentKeys(dataDir: string, env: NodeJS.ProcessEnv): LocalKeys {
  const path = join(dataDir, FILE);
  const stored: LocalKeys = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as LocalKeys) : {};
  const keys: LocalKeys = {};
  let changed = false;
  for (const name of LOCAL_KEY_VARIABLES) {
    if (env[name]?.trim()) continue;
    if (!stored[name]) {
      stored[name] = `pv_local_${randomBytes(16).toString('hex')}`;
      changed = true;
    }
    keys[name] = stored[name];
  }
  if (changed) writeFileSync(path, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  return keys;
}

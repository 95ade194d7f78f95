import { AppConfig } from '../config/app-config';
import { ConfigError } from '../config/config.error';
import type { Logger } from '../logging/logger';

/** Used outside production when LINK_SIGNING_SECRET is unset; links signed with it are worthless elsewhere. */
const DEVELOPMENT_KEY = 'postventa-development-link-signing-key-not-for-production';

/**
 * The key that signs the links in emails (surveys, unsubscribe, tracking) and alert acknowledge
 * links: LINK_SIGNING_SECRET, or a fixed development key (with a warning) outside production. In
 * production a missing secret stops start-up, naming the variable (a known key would let anyone
 * forge links).
 */
export function linkSigningKey(config: AppConfig, logger?: Logger): string {
  const secret = config.get('LINK_SIGNING_SECRET');
  if (secret) return secret;
  if (config.get('NODE_ENV') === 'production') {
    throw new ConfigError([
      { variable: 'LINK_SIGNING_SECRET', message: 'is required when NODE_ENV=production (at least 32 characters)' },
    ]);
  }
  logger?.warn('LINK_SIGNING_SECRET is not set: links are signed with a development key (never do this in production)');
  return DEVELOPMENT_KEY;
}

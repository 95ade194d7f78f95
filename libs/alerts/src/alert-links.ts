import { createHmac } from 'node:crypto';
import { type AppConfig, ConfigError, secretEquals } from '@postventa/platform';

const DEVELOPMENT_KEY = 'postventa-development-alert-link-key-not-for-production';

/**
 * The key that signs acknowledge links: LINK_SIGNING_SECRET, or a fixed key outside production.
 * In production a missing secret stops start-up (a known key would let anyone acknowledge alerts).
 */
export function alertLinkKey(config: AppConfig): string {
  const secret = config.get('LINK_SIGNING_SECRET');
  if (secret) return secret;
  if (config.get('NODE_ENV') === 'production') {
    throw new ConfigError([{ variable: 'LINK_SIGNING_SECRET', message: 'is required when NODE_ENV=production (it signs alert acknowledge links)' }]);
  }
  return DEVELOPMENT_KEY;
}

/** HMAC of the alert and the person the link acknowledges as. */
export function acknowledgeToken(key: string, alertId: string, person: string): string {
  return createHmac('sha256', key).update(`alert.acknowledge\n${alertId}\n${person.toLowerCase()}`).digest('base64url');
}

export function verifyAcknowledgeToken(key: string, alertId: string, person: string, token: string): boolean {
  return secretEquals(token, acknowledgeToken(key, alertId, person));
}

/** The link in alert emails and webhooks that acknowledges the alert as `person`. */
export function acknowledgeUrl(baseUrl: string, key: string, alertId: string, person: string): string {
  const query = new URLSearchParams({ as: person, token: acknowledgeToken(key, alertId, person) });
  return `${baseUrl}/alerts/${encodeURIComponent(alertId)}/acknowledge?${query.toString()}`;
}

import { createHmac } from 'node:crypto';
import { secretEquals } from '@postventa/platform';

/** HMAC of the alert and the person the link acknowledges as; the key is the platform's linkSigningKey. */
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

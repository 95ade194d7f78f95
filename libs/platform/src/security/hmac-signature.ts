import { createHmac } from 'node:crypto';
import { secretEquals } from './secret-compare';

/**
 * The one request/webhook signature of the project (signed ingest requests, alert webhooks):
 *   t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
 * The timestamp must be within SIGNATURE_TOLERANCE_SECONDS of the receiver's clock; several `v1=`
 * values may be sent (secret rotation).
 */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export function signPayload(secret: string, body: Buffer | string, unixSeconds: number): string {
  return `t=${unixSeconds},v1=${payloadMac(secret, body, unixSeconds)}`;
}

/** A well-formed, fresh signature header, before the body is read. */
export interface SignatureHeader {
  timestamp: number;
  macs: string[];
}

export type SignatureHeaderCheck =
  { ok: true; header: SignatureHeader } | { ok: false; reason: 'malformed' | 'expired' };

/** Reads `t=…,v1=…` and checks that its timestamp is fresh; the body is not needed yet. */
export function readSignatureHeader(
  text: string,
  nowSeconds: number,
  toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
): SignatureHeaderCheck {
  const parts = text.split(',').map((p) => p.trim().split('=', 2) as [string, string | undefined]);
  const timestamp = Number(parts.find(([k]) => k === 't')?.[1]);
  const macs = parts.filter(([k, v]) => k === 'v1' && v).map(([, v]) => v as string);
  if (!Number.isInteger(timestamp) || macs.length === 0) return { ok: false, reason: 'malformed' };
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return { ok: false, reason: 'expired' };
  return { ok: true, header: { timestamp, macs } };
}

/** Whether one of the header's `v1=` values is the HMAC of the body (compared in constant time). */
export function signatureMatches(secret: string, header: SignatureHeader, body: Buffer | string): boolean {
  const expected = payloadMac(secret, body, header.timestamp);
  let found = false;
  for (const mac of header.macs) found = secretEquals(mac.toLowerCase(), expected) || found;
  return found;
}

function payloadMac(secret: string, body: Buffer | string, unixSeconds: number): string {
  return createHmac('sha256', secret).update(`${unixSeconds}.`).update(body).digest('hex');
}

import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { IngestError, IngestErrorCode } from './ingest.error';

export const SIGNATURE_HEADER = 'x-postventa-signature';
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export interface IngestCredentials {
  apiKeys: readonly string[];
  hmacSecret?: string;
}

/**
 * The signature scheme of `POST /v1/events`:
 *   X-Postventa-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
 * The timestamp must be within 5 minutes of the server's clock; several `v1=` values may be sent
 * (secret rotation). Pure: the caller passes the clock reading.
 */
export function signBody(secret: string, body: Buffer | string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.`).update(body).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

/** Throws an IngestError (401) unless the request carries a valid API key or signature. */
export function authenticate(
  credentials: IngestCredentials,
  request: { authorization?: string; signature?: string; rawBody: Buffer },
  nowSeconds: number,
): 'api-key' | 'signature' {
  if (credentials.apiKeys.length === 0 && !credentials.hmacSecret) {
    throw new IngestError(IngestErrorCode.NotConfigured, 'HTTP ingest is disabled: set INGEST_API_KEYS or INGEST_HMAC_SECRET');
  }
  if (request.signature !== undefined) {
    if (!credentials.hmacSecret) throw new IngestError(IngestErrorCode.SignatureInvalid, 'Signed requests are not enabled (INGEST_HMAC_SECRET is not set)');
    verifySignature(credentials.hmacSecret, request.signature, request.rawBody, nowSeconds);
    return 'signature';
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.authorization ?? '');
  if (!match) {
    throw new IngestError(IngestErrorCode.Unauthorized, `Missing credentials: send "Authorization: Bearer <api key>" or an ${SIGNATURE_HEADER} header`);
  }
  if (!credentials.apiKeys.some((key) => constantTimeEqual(key, match[1]))) {
    throw new IngestError(IngestErrorCode.Unauthorized, 'The API key is not valid');
  }
  return 'api-key';
}

function verifySignature(secret: string, header: string, body: Buffer, nowSeconds: number): void {
  const parts = header.split(',').map((p) => p.trim().split('=', 2) as [string, string | undefined]);
  const timestamp = Number(parts.find(([k]) => k === 't')?.[1]);
  const macs = parts.filter(([k, v]) => k === 'v1' && v).map(([, v]) => v as string);
  if (!Number.isInteger(timestamp) || macs.length === 0) {
    throw new IngestError(IngestErrorCode.SignatureInvalid, `Malformed ${SIGNATURE_HEADER} header: expected "t=<unix seconds>,v1=<hex hmac>"`);
  }
  if (Math.abs(nowSeconds - timestamp) > SIGNATURE_TOLERANCE_SECONDS) {
    throw new IngestError(IngestErrorCode.SignatureExpired, `The signature timestamp is more than ${SIGNATURE_TOLERANCE_SECONDS / 60} minutes from the server's time`);
  }
  const expected = signBody(secret, body, timestamp).split('v1=')[1];
  if (!macs.some((mac) => constantTimeEqual(mac.toLowerCase(), expected))) {
    throw new IngestError(IngestErrorCode.SignatureInvalid, 'The signature does not match the body');
  }
}

/** Compares digests of both values, so neither their content nor their length leaks through timing. */
function constantTimeEqual(a: string, b: string): boolean {
  const da = createHash('sha256').update(a).digest();
  const db = createHash('sha256').update(b).digest();
  return timingSafeEqual(da, db) && a.length === b.length;
}

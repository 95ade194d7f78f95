import { bearerToken, matchesAnyKey, secretEquals } from '@postventa/platform';
import { createHash, createHmac } from 'node:crypto';
import { IngestError, IngestErrorCode } from './ingest.error';

export const SIGNATURE_HEADER = 'x-postventa-signature';
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export interface IngestCredentials {
  apiKeys: readonly string[];
  /** Keys that may also post survey answers (INGEST_FEEDBACK_API_KEYS). */
  feedbackKeys?: readonly string[];
  hmacSecret?: string;
}

/** Who posted: the tracker of the per-key rate limit, and whether survey answers are allowed. */
export interface IngestPrincipal {
  method: 'api-key' | 'signature';
  /** A digest of the key (never the key itself), or `signature`. */
  id: string;
  feedback: boolean;
}

export interface IngestRequestCredentials {
  authorization?: string;
  signature?: string;
  /** Reads the body; called only when a signature has to be verified. */
  readBody(): Promise<Buffer>;
}

/**
 * The signature scheme of `POST /v1/events`:
 *   X-Postventa-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
 * The timestamp must be within 5 minutes of the server's clock; several `v1=` values may be sent
 * (secret rotation).
 */
export function signBody(secret: string, body: Buffer | string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.`).update(body).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

/**
 * Throws an IngestError (401) unless the request carries a valid API key or signature. An API key
 * is checked from the header alone; the body is read only for a signature, after its header has
 * been found well-formed and fresh. The caller passes the clock reading.
 */
export async function authenticate(credentials: IngestCredentials, request: IngestRequestCredentials, nowSeconds: number): Promise<IngestPrincipal> {
  const feedbackKeys = credentials.feedbackKeys ?? [];
  if (credentials.apiKeys.length === 0 && feedbackKeys.length === 0 && !credentials.hmacSecret) {
    throw new IngestError(IngestErrorCode.NotConfigured, 'HTTP ingest is disabled: set INGEST_API_KEYS or INGEST_HMAC_SECRET');
  }
  const bearer = bearerToken(request.authorization);
  if (bearer !== undefined) {
    const feedback = matchesAnyKey(bearer, feedbackKeys);
    if (!feedback && !matchesAnyKey(bearer, credentials.apiKeys)) {
      throw new IngestError(IngestErrorCode.Unauthorized, 'The API key is not valid');
    }
    return { method: 'api-key', id: createHash('sha256').update(bearer).digest('hex').slice(0, 16), feedback };
  }
  if (request.signature !== undefined) {
    if (!credentials.hmacSecret) throw new IngestError(IngestErrorCode.SignatureInvalid, 'Signed requests are not enabled (INGEST_HMAC_SECRET is not set)');
    const header = parseSignatureHeader(request.signature, nowSeconds);
    verifySignature(credentials.hmacSecret, header, await request.readBody());
    return { method: 'signature', id: 'signature', feedback: false };
  }
  throw new IngestError(IngestErrorCode.Unauthorized, `Missing credentials: send "Authorization: Bearer <api key>" or an ${SIGNATURE_HEADER} header`);
}

interface SignatureHeader {
  timestamp: number;
  macs: string[];
}

function parseSignatureHeader(header: string, nowSeconds: number): SignatureHeader {
  const parts = header.split(',').map((p) => p.trim().split('=', 2) as [string, string | undefined]);
  const timestamp = Number(parts.find(([k]) => k === 't')?.[1]);
  const macs = parts.filter(([k, v]) => k === 'v1' && v).map(([, v]) => v as string);
  if (!Number.isInteger(timestamp) || macs.length === 0) {
    throw new IngestError(IngestErrorCode.SignatureInvalid, `Malformed ${SIGNATURE_HEADER} header: expected "t=<unix seconds>,v1=<hex hmac>"`);
  }
  if (Math.abs(nowSeconds - timestamp) > SIGNATURE_TOLERANCE_SECONDS) {
    throw new IngestError(IngestErrorCode.SignatureExpired, `The signature timestamp is more than ${SIGNATURE_TOLERANCE_SECONDS / 60} minutes from the server's time`);
  }
  return { timestamp, macs };
}

function verifySignature(secret: string, header: SignatureHeader, body: Buffer): void {
  const expected = signBody(secret, body, header.timestamp).split('v1=')[1];
  if (!header.macs.some((mac) => secretEquals(mac.toLowerCase(), expected))) {
    throw new IngestError(IngestErrorCode.SignatureInvalid, 'The signature does not match the body');
  }
}

import {
  bearerToken,
  matchesAnyKey,
  readSignatureHeader,
  SIGNATURE_TOLERANCE_SECONDS,
  signatureMatches,
} from '@postventa/platform';
import { createHash } from 'node:crypto';
import { IngestError, IngestErrorCode } from './ingest.error';

export const SIGNATURE_HEADER = 'x-postventa-signature';

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
 * Throws an IngestError (401) unless the request carries a valid API key or signature. An API key
 * is checked from the header alone; the body is read only for a signature, after its header has
 * been found well-formed and fresh. The caller passes the clock reading.
 */
export async function authenticate(
  credentials: IngestCredentials,
  request: IngestRequestCredentials,
  nowSeconds: number,
): Promise<IngestPrincipal> {
  const feedbackKeys = credentials.feedbackKeys ?? [];
  if (credentials.apiKeys.length === 0 && feedbackKeys.length === 0 && !credentials.hmacSecret) {
    throw new IngestError(
      IngestErrorCode.NotConfigured,
      'HTTP ingest is disabled: set INGEST_API_KEYS or INGEST_HMAC_SECRET',
    );
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
    if (!credentials.hmacSecret)
      throw new IngestError(
        IngestErrorCode.SignatureInvalid,
        'Signed requests are not enabled (INGEST_HMAC_SECRET is not set)',
      );
    const read = readSignatureHeader(request.signature, nowSeconds);
    if (!read.ok && read.reason === 'expired') {
      throw new IngestError(
        IngestErrorCode.SignatureExpired,
        `The signature timestamp is more than ${SIGNATURE_TOLERANCE_SECONDS / 60} minutes from the server's time`,
      );
    }
    if (!read.ok)
      throw new IngestError(
        IngestErrorCode.SignatureInvalid,
        `Malformed ${SIGNATURE_HEADER} header: expected "t=<unix seconds>,v1=<hex hmac>"`,
      );
    if (!signatureMatches(credentials.hmacSecret, read.header, await request.readBody())) {
      throw new IngestError(IngestErrorCode.SignatureInvalid, 'The signature does not match the body');
    }
    return { method: 'signature', id: 'signature', feedback: false };
  }
  throw new IngestError(
    IngestErrorCode.Unauthorized,
    `Missing credentials: send "Authorization: Bearer <api key>" or an ${SIGNATURE_HEADER} header`,
  );
}

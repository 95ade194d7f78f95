/**
 * What an SMTP failure means for the email:
 * - `transient`: nothing was accepted and trying later may work (no connection, a timeout or a
 *   lost connection before the end of the message, 4xx);
 * - `bounce`: the server refused the recipient for good (5xx on RCPT TO): suppress the address;
 * - `permanent`: the server refused the message for good (other 5xx, invalid address): do not retry;
 * - `unknown`: the whole message went to the server and no final answer came back (a timeout or a
 *   lost connection after the end of data): the server may have accepted it, so sending it again
 *   could deliver it twice. Not retried (at most once).
 */
export type SmtpFailureKind = 'transient' | 'bounce' | 'permanent' | 'unknown';

export interface SmtpFailure {
  kind: SmtpFailureKind;
  /** Short machine code: `SMTP_451`, `ECONNECTION`, `ETIMEDOUT`, `INVALID_ADDRESS`... */
  code: string;
  /** The server's answer or the error, for the delivery record (no addresses). */
  message: string;
  responseCode?: number;
  /** How far the conversation got: the SMTP command (`CONN`, `RCPT TO`, `DATA`...), or `end_of_data` when the whole message was sent. */
  stage: string;
}

/** The stage of a conversation whose message was sent in full (end of data) without a final reply. */
export const END_OF_DATA_STAGE = 'end_of_data';

interface NodemailerErrorShape {
  message?: unknown;
  code?: unknown;
  responseCode?: unknown;
  response?: unknown;
  command?: unknown;
  rejected?: unknown;
  bodySent?: unknown;
}

/** The connection went away or stopped answering: the server's last answer was never read. */
const CONNECTION_LOST_CODES = new Set(['ETIMEDOUT', 'ECONNECTION', 'ESOCKET', 'ECONNRESET', 'EPIPE']);

const TRANSIENT_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETLS',
  'EPROTOCOL',
  'EAUTH',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'ESTREAM',
]);

/**
 * Notes on a failed send's error that the whole message had been written to the server (nodemailer
 * reports a timeout or a lost connection as `CONN` whatever the stage; the mailer watches the body).
 */
export function markBodySent(error: unknown): unknown {
  if (typeof error === 'object' && error !== null) Object.assign(error, { bodySent: true });
  return error;
}

/**
 * Classifies an error thrown by nodemailer's sendMail (see SmtpFailureKind). An answer from the
 * server decides (4xx temporary, 5xx final); without one, a conversation cut after the end of
 * data is `unknown` and one cut before it is `transient`.
 */
export function classifySmtpError(error: unknown): SmtpFailure {
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as NodemailerErrorShape;
  const message = truncate(String(e.response ?? e.message ?? 'unknown SMTP error'));
  const code = typeof e.code === 'string' ? e.code : 'UNKNOWN';
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const command = typeof e.command === 'string' ? e.command : '';
  const stage = command.length > 0 ? command.slice(0, 40) : 'connection';
  if (responseCode !== undefined && responseCode >= 500 && responseCode < 600) {
    const recipientRefused =
      command.startsWith('RCPT') || (code === 'EENVELOPE' && command !== 'MAIL FROM' && command !== 'DATA');
    return {
      kind: recipientRefused ? 'bounce' : 'permanent',
      code: `SMTP_${responseCode}`,
      message,
      responseCode,
      stage,
    };
  }
  if (responseCode !== undefined && responseCode >= 400 && responseCode < 500) {
    return { kind: 'transient', code: `SMTP_${responseCode}`, message, responseCode, stage };
  }
  if (responseCode === undefined && (e.bodySent === true || (command === 'DATA' && CONNECTION_LOST_CODES.has(code)))) {
    return { kind: 'unknown', code, message, stage: END_OF_DATA_STAGE };
  }
  if (code === 'EENVELOPE' || code === 'EMESSAGE')
    return { kind: 'permanent', code: code === 'EENVELOPE' ? 'INVALID_ADDRESS' : code, message, stage };
  if (TRANSIENT_CODES.has(code)) return { kind: 'transient', code, message, stage };
  // Anything unrecognised (a bug, an exotic network error): retrying is the safe side.
  return { kind: 'transient', code, message, stage };
}

function truncate(text: string): string {
  const clean = text.replace(/[\r\n]+/g, ' ').trim();
  return clean.length > 1000 ? `${clean.slice(0, 997)}...` : clean;
}

/**
 * What an SMTP failure means for the email:
 * - `transient`: nothing was accepted and trying later may work (no connection, timeout, 4xx);
 * - `bounce`: the server refused the recipient for good (5xx on RCPT TO): suppress the address;
 * - `permanent`: the server refused the message for good (other 5xx, invalid address): do not retry.
 */
export type SmtpFailureKind = 'transient' | 'bounce' | 'permanent';

export interface SmtpFailure {
  kind: SmtpFailureKind;
  /** Short machine code: `SMTP_451`, `ECONNECTION`, `ETIMEDOUT`, `INVALID_ADDRESS`... */
  code: string;
  /** The server's answer or the error, for the delivery record (no addresses). */
  message: string;
  responseCode?: number;
}

interface NodemailerErrorShape {
  message?: unknown;
  code?: unknown;
  responseCode?: unknown;
  response?: unknown;
  command?: unknown;
  rejected?: unknown;
}

const TRANSIENT_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETLS', 'EPROTOCOL', 'EAUTH', 'EHOSTUNREACH', 'ENOTFOUND', 'ESTREAM']);

/** Classifies an error thrown by nodemailer's sendMail. */
export function classifySmtpError(error: unknown): SmtpFailure {
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as NodemailerErrorShape;
  const message = truncate(String(e.response ?? e.message ?? 'unknown SMTP error'));
  const code = typeof e.code === 'string' ? e.code : 'UNKNOWN';
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const command = typeof e.command === 'string' ? e.command : '';
  if (responseCode !== undefined && responseCode >= 500 && responseCode < 600) {
    const recipientRefused = command.startsWith('RCPT') || (code === 'EENVELOPE' && command !== 'MAIL FROM' && command !== 'DATA');
    return { kind: recipientRefused ? 'bounce' : 'permanent', code: `SMTP_${responseCode}`, message, responseCode };
  }
  if (responseCode !== undefined && responseCode >= 400 && responseCode < 500) {
    return { kind: 'transient', code: `SMTP_${responseCode}`, message, responseCode };
  }
  if (code === 'EENVELOPE' || code === 'EMESSAGE') return { kind: 'permanent', code: code === 'EENVELOPE' ? 'INVALID_ADDRESS' : code, message };
  if (TRANSIENT_CODES.has(code)) return { kind: 'transient', code, message };
  // Anything unrecognised (a bug, an exotic network error): retrying is the safe side.
  return { kind: 'transient', code, message };
}

function truncate(text: string): string {
  const clean = text.replace(/[\r\n]+/g, ' ').trim();
  return clean.length > 1000 ? `${clean.slice(0, 997)}...` : clean;
}

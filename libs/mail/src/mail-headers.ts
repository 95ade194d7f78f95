import { createHash } from 'node:crypto';

/** A header nodemailer must write as given: no encoding, no folding (one line). */
export interface PreparedHeader {
  prepared: true;
  value: string;
}

export interface HeaderInput {
  commandId: string;
  category: 'transactional' | 'marketing';
  /** https URL that unsubscribes in one click (RFC 8058); set for marketing email and surveys. */
  unsubscribeUrl?: string;
  /** Test sends (`postventa templates preview --send-to`) are marked as such. */
  test?: boolean;
}

const DOT_ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;

/**
 * The stable Message-ID of a command: `<command_id@domain>`, or a hash of the id when it has
 * characters a Message-ID cannot carry. The same command always gets the same Message-ID, so a
 * resend (after a lost connection) is recognisable as the same message by receiving systems.
 */
export function messageIdFor(commandId: string, domain: string): string {
  const left =
    DOT_ATOM.test(commandId) && commandId.length <= 200
      ? commandId
      : `h.${createHash('sha256').update(commandId).digest('hex').slice(0, 40)}`;
  return `<${left}@${domain}>`;
}

/** The domain of an address like `Brand <no-reply@brand.example>`; `postventa.local` if none. */
export function senderDomain(from: string): string {
  const match = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from.trim());
  return match ? match[1].toLowerCase() : 'postventa.local';
}

/**
 * Headers of an outgoing email. Marketing email and surveys carry RFC 2369 `List-Unsubscribe` with
 * an https URL and RFC 8058 `List-Unsubscribe-Post: List-Unsubscribe=One-Click`, each prepared so
 * it stays on one line.
 */
export function buildHeaders(input: HeaderInput): Record<string, string | PreparedHeader> {
  const headers: Record<string, string | PreparedHeader> = {
    'X-Postventa-Command-Id': input.commandId,
    'X-Postventa-Category': input.category,
  };
  if (input.unsubscribeUrl !== undefined) {
    if (!/^https?:\/\/[^\s<>]+$/.test(input.unsubscribeUrl))
      throw new Error('unsubscribe URL must be an http(s) URL without spaces or angle brackets');
    headers['List-Unsubscribe'] = { prepared: true, value: `<${input.unsubscribeUrl}>` };
    headers['List-Unsubscribe-Post'] = { prepared: true, value: 'List-Unsubscribe=One-Click' };
  }
  if (input.category === 'marketing') headers['Precedence'] = 'bulk';
  if (input.test) headers['X-Postventa-Test'] = 'true';
  return headers;
}

export const TEST_SUBJECT_PREFIX = '[TEST] ';

export function testSubject(subject: string): string {
  return subject.startsWith(TEST_SUBJECT_PREFIX) ? subject : `${TEST_SUBJECT_PREFIX}${subject}`;
}
